using System.Diagnostics;
using NeuralTangents.Samples.Data;

namespace NeuralTangents.Generators.Benchmarks;

/// <summary>
/// The benchmark's inputs and the two ways to compute their kernel: n Fashion-MNIST training images (784 features,
/// the samples' preprocessing) and NNGP + NTK of <see cref="ReluFcn"/> for x against itself, through the generated
/// fused kernel or through the interpreted runtime layers, on the engine <see cref="KernelEngine.Create"/> picks (the
/// CPU here; <c>NEURALTANGENTS_ACCELERATOR=cuda</c> or a CUDA device present selects the GPU's device kernels).
/// </summary>
internal sealed class KernelWorkload : IDisposable
{
    private readonly KernelOptions _options;

    public KernelWorkload(int n)
    {
        var data = FashionMnist.Load(n, 0);
        Source = data.SourceDescription;
        X = Preprocessing.Images<float>(data.Train);
        Engine = KernelEngine.Create();
        _options = new KernelOptions { Engine = Engine };
        // Compile and load everything once (ILGPU kernels, JIT) on a small input.
        var small = Tensor<float>.FromFunction(new[] { 16, 784 }, i => MathF.Sin(i));
        Fused(small);
        Interpreted(small);
    }

    public string Source { get; }

    public Tensor<float> X { get; }

    public KernelEngine Engine { get; }

    public Kernel<float> Fused(Tensor<float>? x = null) => ReluFcn.KernelFn(x ?? X, null, KernelOutputs.Both, _options);

    public Kernel<float> Interpreted(Tensor<float>? x = null) => ReluFcn.Network.KernelFn(x ?? X, null, KernelOutputs.Both, _options);

    /// <summary>Wall-clock and process CPU seconds of <paramref name="action"/> (CPU time is less sensitive to other load on the machine).</summary>
    public static (double Wall, double Cpu, T Result) Time<T>(Func<T> action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = action();
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds, result);
    }

    public void Dispose() => Engine.Dispose();
}
