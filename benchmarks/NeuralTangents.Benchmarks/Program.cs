using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NeuralTangents.Benchmarks;

// Throughput of the kernel engine and the host GEMM, each next to an achievable limit measured in the same run.
//   --quick   a smoke run in seconds, without BenchmarkDotNet's machinery
//   --gemm [--sizes 512x512x784,4096x4096x4096] [--repeat 5]   the managed GEMM against OpenBLAS, GFLOP/s
//   (other arguments go to BenchmarkDotNet, e.g. --filter '*')
if (args.Contains("--gemm"))
{
    string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    GemmRun.Run(GemmRun.ParseSizes(Option("--sizes", "512x512x784,10000x10000x784,4096x4096x4096")), int.Parse(Option("--repeat", "5")), Console.Out);
    return 0;
}
if (args.Contains("--quick"))
{
    QuickRun.Run(Console.Out);
    return 0;
}

// In-process: the workloads hold large inputs and an accelerator, set up once and shared by all cases.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summary = BenchmarkRunner.Run<ThroughputBenchmarks>(config, args);
var seconds = summary.Reports
    .Where(report => report.ResultStatistics is not null)
    .ToDictionary(report => (string)report.BenchmarkCase.Parameters["Id"], report => report.ResultStatistics!.Mean / 1e9);
ResultTable.Print(WorkloadSet.Full, seconds, Console.Out);
return 0;
