using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace NeuralTangents.LinearAlgebra.Benchmarks;

/// <summary>
/// The SciPy comparison, C# half: writes each benchmark matrix and right-hand side to disk (so that
/// <c>scipy_compare.py</c> times the very same numbers) and times the operations per backend and precision
/// with a stopwatch (best of <c>repeats</c>, after one warm-up unless turned off), into <c>dotnet.csv</c>.
/// </summary>
internal static class SideBySide
{
    public static void Run(int[] sizes, int repeats, bool warmUp, int managedUpTo, string directory)
    {
        Directory.CreateDirectory(directory);
        string csv = Path.Combine(directory, "dotnet.csv");
        using var output = new StreamWriter(csv);
        output.WriteLine("n,dtype,backend,operation,best_seconds,median_seconds");
        Console.WriteLine($"{"n",6} {"dtype",8} {"backend",9} {"operation",20} {"best s",10} {"median s",10}");
        foreach (int n in sizes)
        {
            var matrix = TestMatrices.Kernel(n);
            var rhs = TestMatrices.Targets(n);
            Write(Path.Combine(directory, $"kernel_{n}.f64"), matrix);
            Write(Path.Combine(directory, $"rhs_{n}.f64"), rhs);
            foreach (string backend in Operations.PresentBackends())
            {
                if (backend == "managed" && n > managedUpTo) continue;
                var implementation = Operations.Backend(backend)!;
                Measure<float>(output, n, "float32", backend, implementation, matrix, rhs, repeats, warmUp);
                Measure<double>(output, n, "float64", backend, implementation, matrix, rhs, repeats, warmUp);
            }
        }
        Console.WriteLine($"wrote {csv}");
    }

    private static void Measure<T>(StreamWriter output, int n, string dtype, string backend, ILinearAlgebraBackend implementation,
        double[] matrix, double[] rhs, int repeats, bool warmUp) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = TestMatrices.Convert<T>(matrix);
        var b = TestMatrices.Convert<T>(rhs);
        Report(output, n, dtype, backend, "cholesky_solve", Time(() => Operations.CholeskySolve(implementation, a, b, n), repeats, warmUp));
        Report(output, n, dtype, backend, "eigh", Time(() => Operations.Eigendecomposition(implementation, a, n), repeats, warmUp));
    }

    private static double[] Time(Func<object> operation, int repeats, bool warmUp)
    {
        if (warmUp) operation(); // JIT, OpenBLAS thread start, page faults of the first allocation
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            GC.KeepAlive(operation());
            times[r] = stopwatch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times;
    }

    private static void Report(StreamWriter output, int n, string dtype, string backend, string operation, double[] times)
    {
        double best = times[0], median = times[times.Length / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n},{dtype},{backend},{operation},{best:G6},{median:G6}"));
        output.Flush();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,6} {dtype,8} {backend,9} {operation,20} {best,10:F4} {median,10:F4}"));
    }

    private static void Write(string path, double[] values)
    {
        using var stream = File.Create(path);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
