using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace NeuralTangents.LinearAlgebra.Benchmarks;

/// <summary>Cholesky solve and eigendecomposition at N = 2000, 4000, 8000 (or the --quick sizes), per backend present.</summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class DenseSolverBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private ILinearAlgebraBackend _backend = null!;
    private T[] _matrix = null!, _rhs = null!;

    /// <summary>The matrix order; overridden by Program for --quick.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The backend: "openblas" (when present) or "managed".</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    public static IEnumerable<int> Sizes => BenchmarkSizes.Current;

    public static IEnumerable<string> Backends => Operations.PresentBackends();

    [GlobalSetup]
    public void Setup()
    {
        _backend = Operations.Backend(Backend)!;
        _matrix = TestMatrices.Convert<T>(TestMatrices.Kernel(N));
        _rhs = TestMatrices.Convert<T>(TestMatrices.Targets(N));
    }

    [Benchmark]
    public T[] CholeskySolve() => Operations.CholeskySolve(_backend, _matrix, _rhs, N);

    [Benchmark]
    public T[] Eigendecomposition() => Operations.Eigendecomposition(_backend, _matrix, N);
}

/// <summary>The sizes benchmarked in this process (set from the command line before BenchmarkDotNet starts).</summary>
public static class BenchmarkSizes
{
    public static int[] Current { get; set; } = ReadFromEnvironment() ?? new[] { 2000, 4000, 8000 };

    // BenchmarkDotNet runs each case in a child process: the sizes travel through the environment.
    public const string Variable = "NTLA_BENCH_SIZES";

    private static int[]? ReadFromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text ? text.Split(',').Select(int.Parse).ToArray() : null;
}
