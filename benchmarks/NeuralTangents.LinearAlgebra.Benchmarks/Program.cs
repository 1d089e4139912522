using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using NeuralTangents.LinearAlgebra.Benchmarks;

// Modes:
//   (no option)      BenchmarkDotNet, N = 2000, 4000, 8000, float32 and float64, every backend present
//   --quick          BenchmarkDotNet with a short job at N = 500, 1000 (a smoke run of the same code)
//   --side-by-side   stopwatch timings and the matrices on disk for benchmarks/scipy_compare.py
//                    [--sizes 2000,4000,8000] [--repeats 3] [--no-warmup] [--managed-up-to 2000] [--out DIR]
// Other arguments go to BenchmarkDotNet (e.g. --filter '*Cholesky*').
var rest = new List<string>();
bool quick = false, sideBySide = false, warmUp = true;
int[]? sizes = null;
int repeats = 3, managedUpTo = 2000;
string output = Path.Combine(Path.GetTempPath(), "ntla-side-by-side");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--side-by-side": sideBySide = true; break;
        case "--sizes": sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--managed-up-to": managedUpTo = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--no-warmup": warmUp = false; break;
        default: rest.Add(args[i]); break;
    }
}

if (sideBySide)
{
    SideBySide.Run(sizes ?? new[] { 2000, 4000, 8000 }, repeats, warmUp, managedUpTo, output);
    return 0;
}

sizes ??= quick ? new[] { 500, 1000 } : new[] { 2000, 4000, 8000 };
Environment.SetEnvironmentVariable(BenchmarkSizes.Variable, string.Join(',', sizes));
BenchmarkSizes.Current = sizes;
var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator);
config = quick
    ? config.AddJob(Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1))
    : config.AddJob(Job.Default.WithWarmupCount(1).WithIterationCount(5).WithLaunchCount(1).WithInvocationCount(1).WithUnrollFactor(1));
BenchmarkSwitcher.FromTypes(new[] { typeof(DenseSolverBenchmarks<>) }).Run(rest.Count == 0 ? new[] { "--filter", "*" } : rest.ToArray(), config);
return 0;
