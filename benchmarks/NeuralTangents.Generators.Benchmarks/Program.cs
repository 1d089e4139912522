using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NeuralTangents.Generators.Benchmarks;

// The generated (fused) kernel against the interpreted runtime path: 3-layer ReLU FCN, Fashion-MNIST, CPU.
//   --quick [--n 1000] [--repeat 2] [--skip-interpreted] [--numpy]
//       timed rounds without BenchmarkDotNet: the generated kernel, the interpreted path (compared entry by entry;
//       --skip-interpreted leaves it out) and, with --numpy, benchmarks/fcn_kernel_numpy.py (NumPy/OpenBLAS, the same
//       recursion) in the same round; medians and ratios at the end. The 10 000² measurement:
//       --quick --n 10000 --repeat 5 --skip-interpreted --numpy
//   --cnn flatten|gap [--n1 200] [--n2 200] [--repeat 3] [--numpy]
//       the CNN kernels of issue 12 (runtime Stax path, generated class, NumPy's benchmarks/cnn_kernel_numpy.py) in
//       rounds: µs per entry of an n1 × n2 block (flatten) or ms per distinct pair of n1 images (gap), and the limit
//   (otherwise BenchmarkDotNet runs FusedVersusInterpreted at NT_BENCH_N images, default 10 000; other arguments go to it)
int Option(string name, int fallback) => args.Contains(name) && int.TryParse(args[Array.IndexOf(args, name) + 1], out int value) ? value : fallback;
if (args.Contains("--cnn"))
{
    string readout = args[Array.IndexOf(args, "--cnn") + 1];
    CnnQuickRun.Run(readout, Option("--n1", readout == "flatten" ? 200 : 4), Option("--n2", 200), Option("--repeat", 3), args.Contains("--numpy"), Console.Out);
    return 0;
}
if (args.Contains("--quick"))
{
    QuickRun.Run(Option("--n", 1000), Option("--repeat", 2), interpreted: !args.Contains("--skip-interpreted"), numPy: args.Contains("--numpy"), Console.Out);
    return 0;
}

// In-process and few iterations: one interpreted 10 000² kernel takes tens of seconds.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<FusedVersusInterpreted>(config, args);
return 0;
