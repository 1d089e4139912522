using System.Diagnostics;
using NeuralTangents;
using NeuralTangents.Generators.Benchmarks;
using NeuralTangents.Samples.Data;

int n = args.Contains("--n") ? int.Parse(args[Array.IndexOf(args, "--n") + 1]) : 2000;
var data = FashionMnist.Load(n, 0);
var x = Preprocessing.Images<float>(data.Train);
Console.WriteLine($"{data.SourceDescription}: x {string.Join("x", x.Shape)}");
var options = new KernelOptions { Engine = KernelEngine.Create(AcceleratorKind.Cpu) };
var process = Process.GetCurrentProcess();
(double Wall, double Cpu) Time(Action action)
{
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    action();
    process.Refresh();
    return (watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
}
var small = Tensor<float>.FromFunction(new[] { 8, 784 }, i => i % 7);
ReluFcn.KernelFn(small, null, KernelOutputs.Both, options);
ReluFcn.Network.KernelFn(small, null, KernelOutputs.Both, options);
for (int rep = 0; rep < 2; rep++)
{
    NeuralTangents.Engine.FusedTiles<float, ReluFcn.FusedChain, ReluFcn.FusedChain.ItemVariances, ReluFcn.FusedChain.ColumnBlock>.ForceDeviceKernel = false;
    var host = Time(() => ReluFcn.KernelFn(x, null, KernelOutputs.Both, options));
    NeuralTangents.Engine.FusedTiles<float, ReluFcn.FusedChain, ReluFcn.FusedChain.ItemVariances, ReluFcn.FusedChain.ColumnBlock>.ForceDeviceKernel = true;
    var device = args.Contains("--skip-ilgpu") ? (Wall: 0.0, Cpu: 0.0) : Time(() => ReluFcn.KernelFn(x, null, KernelOutputs.Both, options));
    var interpreted = args.Contains("--skip-interpreted") ? (Wall: 0.0, Cpu: 0.0) : Time(() => ReluFcn.Network.KernelFn(x, null, KernelOutputs.Both, options));
    Console.WriteLine($"n={n}: fused host {host.Wall:F3} s ({host.Cpu:F2} cpu), fused ilgpu {device.Wall:F3} s ({device.Cpu:F2} cpu), interpreted {interpreted.Wall:F3} s ({interpreted.Cpu:F2} cpu)");
}
{
    var gram = new float[(long)n * n];
    for (int rep = 0; rep < 2; rep++)
    {
        var g = Time(() => NeuralTangents.LinearAlgebra.Blas.Gemm(false, true, n, n, 784, 1f / 784, x.Data, 784, x.Data, 784, 0f, gram, n));
        Console.WriteLine($"gemm {g.Wall:F3} s ({g.Cpu:F2} cpu) backend {NeuralTangents.LinearAlgebra.Blas.BackendName}");
    }
}
{
    var chain = default(ReluFcn.FusedChain);
    var v1 = chain.Variances(0.9);
    var v2 = chain.Variances(1.1);
    for (int rep = 0; rep < 2; rep++)
    {
        double sum = 0;
        var c = Time(() => { for (int i = 0; i < 9_000_000; i++) sum += chain.Entry(0.5 + i * 1e-8, 0, v1, v2).Nngp; });
        Console.WriteLine($"chain alone: {c.Cpu / 9e6 * 1e9:F1} ns/entry cpu ({sum:G3})");
    }
}
{
    var chain = default(ReluFcn.FusedChain);
    var v1 = chain.Variances(0.9);
    var v2 = chain.Variances(1.1);
    var block = chain.Columns(v2, v2, v2, v2);
    for (int rep = 0; rep < 2; rep++)
    {
        var sum = System.Runtime.Intrinsics.Vector256<double>.Zero;
        var c = Time(() =>
        {
            var k = System.Runtime.Intrinsics.Vector256.Create(0.5, 0.6, 0.7, 0.4);
            var step = System.Runtime.Intrinsics.Vector256.Create(1e-8);
            var z = System.Runtime.Intrinsics.Vector256<double>.Zero;
            for (int i = 0; i < 1_125_000; i++) { var pair = chain.Entries(k, z, block, k + step, z, block, v1); sum += pair.First.Nngp + pair.Second.Nngp; k += step; }
        });
        Console.WriteLine($"vector chain alone: {c.Cpu / 9e6 * 1e9:F1} ns/entry cpu ({System.Runtime.Intrinsics.Vector256.GetElement(sum, 0):G3})");
    }
}
