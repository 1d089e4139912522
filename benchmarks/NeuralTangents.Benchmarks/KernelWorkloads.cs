using System.Numerics;
using NeuralTangents.Samples.Data;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// NNGP and NTK of the 3-layer ReLU FCN (Dense(512, 1.5, 0.05) → Relu → Dense → Relu → Dense(10)) of x
/// against itself, on preprocessed Fashion-MNIST images; through the engine, and as a fused host loop.
/// </summary>
internal static class KernelWorkloads
{
    public const double WStd = 1.5, BStd = 0.05;

    public static ILayer Network() => Stax.Serial(
        Stax.Dense(512, WStd, BStd), Stax.Relu(), Stax.Dense(512, WStd, BStd), Stax.Relu(), Stax.Dense(10, WStd, BStd));

    public static IEnumerable<Workload> Create<T>(LabeledImages images, KernelEngine engine) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Preprocessing.Images<T>(images);
        var network = Network();
        var options = new KernelOptions { Engine = engine };
        int n = x.Dim(0);
        int elementSize = typeof(T) == typeof(float) ? 4 : 8;
        string precision = elementSize == 4 ? "float32" : "float64";
        // Written once, each entry's NNGP and NTK are the least memory traffic any implementation needs.
        int bytesPerEntry = 2 * elementSize;
        var limit = new LimitSpec("memory.bandwidth", 1e9 / bytesPerEntry, $"bandwidth ÷ {bytesPerEntry} B (NNGP+NTK written once)");
        var fused = new FusedReluFcnKernel<T>(x, WStd, BStd);

        yield return new Workload($"kernel.engine.{precision}", $"kernel {precision} ({(engine.IsCpu ? "ILGPU CPU" : engine.DeviceName)})", $"{n}×{n}",
            (double)n * n, "entries/s", bytesPerEntry, () => network.KernelFn(x, null, KernelOutputs.Both, options), limit);
        yield return new Workload($"kernel.fused-host.{precision}", $"kernel {precision} fused host loop", $"{n}×{n}",
            (double)n * n, "entries/s", bytesPerEntry, fused.Run, limit);
    }

    /// <summary>The largest relative difference between the engine's and the fused loop's NTK (a check that both compute the same).</summary>
    public static double FusedVersusEngine(LabeledImages images, KernelEngine engine)
    {
        var x = Preprocessing.Images<double>(images);
        var kernel = Network().KernelFn(x, null, KernelOutputs.Both, new KernelOptions { Engine = engine });
        var fused = new FusedReluFcnKernel<double>(x, WStd, BStd);
        fused.Run();
        double worst = 0;
        for (int e = 0; e < fused.Ntk.Length; e++)
        {
            worst = Math.Max(worst, Math.Abs(fused.Ntk[e] - kernel.Ntk!.Data[e]) / Math.Abs(kernel.Ntk.Data[e]));
            worst = Math.Max(worst, Math.Abs(fused.Nngp[e] - kernel.Nngp!.Data[e]) / Math.Abs(kernel.Nngp.Data[e]));
        }
        return worst;
    }
}
