using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NeuralTangents.Benchmarks;

// Throughput of the kernel engine and the host GEMM, each next to an achievable limit measured in the same run.
//   --quick   a smoke run in seconds, without BenchmarkDotNet's machinery
//   (other arguments go to BenchmarkDotNet, e.g. --filter '*')
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
