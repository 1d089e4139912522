using System.Numerics;
using System.Runtime.InteropServices;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Predicting;

/// <summary>
/// (K + λI)·α = B for a stored n × n train-train kernel K with Neural Tangents' regularizer: λ from the diagonal read
/// off the file; solved by Cholesky on the loaded matrix when the method and the budget allow, else by blocked
/// conjugate gradients. Test-train products stream the stored test-train kernel in blocks.
/// </summary>
internal sealed class StoredLinearSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StoredMatrix<T> _matrix;
    private readonly NpyFile<T> _file;
    private readonly StoredSolverOptions _options;
    private readonly string _description;

    public StoredLinearSystem(NpyFile<T> trainTrain, int n, double diagReg, bool absoluteScale, StoredSolverOptions options, string argument, string description)
    {
        _file = trainTrain;
        _options = options;
        _description = description;
        _matrix = new StoredMatrix<T>(trainTrain, argument, options.Budget);
        if (_matrix.Rows != n || _matrix.Columns != n)
            throw new ArgumentException($"{argument} ({trainTrain.FilePath}) must be the {n}×{n} train-train kernel (one row per target row), got shape ({_matrix.Rows}, {_matrix.Columns}).", argument);
        Lambda = absoluteScale || diagReg == 0 || n == 0 ? diagReg : diagReg * _matrix.Diagonal().Sum() / n;
        long bytes = (long)n * n * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        bool fits = bytes <= options.Budget && (long)n * n <= Array.MaxLength;
        Method = options.Method switch
        {
            StoredSolveMethod.Auto => fits ? StoredSolveMethod.Cholesky : StoredSolveMethod.ConjugateGradient,
            StoredSolveMethod.Cholesky when !fits => throw new InsufficientMemoryException(
                $"Cholesky needs {argument} ({trainTrain.FilePath}, {bytes} bytes) in memory, more than the budget of {options.Budget} bytes (StoredSolverOptions.MemoryBudgetBytes); use StoredSolveMethod.ConjugateGradient."),
            var method => method,
        };
    }

    /// <summary>The absolute regularizer λ.</summary>
    public double Lambda { get; }

    /// <summary>The method the solve uses.</summary>
    public StoredSolveMethod Method { get; }

    /// <summary>Conjugate-gradient iterations of the last solve (0 for Cholesky).</summary>
    public int Iterations { get; private set; }

    /// <summary>(K + λI)⁻¹·B for B n × k, row-major.</summary>
    public double[] Solve(T[] b, int k)
    {
        if (Method == StoredSolveMethod.Cholesky) return SolveByCholesky(b, k);
        double tolerance = _options.Tolerance ?? (typeof(T) == typeof(float) ? 1e-5 : 1e-10);
        var (x, iterations) = ConjugateGradient.Solve(_matrix, Lambda, b.Select(double.CreateTruncating).ToArray(), k, tolerance,
            _options.MaxIterations ?? Math.Max(1, _matrix.Rows), _description);
        Iterations = iterations;
        return x;
    }

    /// <summary>
    /// Loads the matrix into native memory, factors it there and solves, then frees it. A managed array of this size
    /// (1.6 GB for a 20 000² float32 kernel) would wait for a full collection after the solve, and under the server GC's
    /// budgets the next kernel's copy and blocks arrived first: two solves one after the other peaked at 7.4 GB.
    /// </summary>
    private unsafe double[] SolveByCholesky(T[] b, int k)
    {
        int n = _matrix.Rows;
        // The constructor chose Cholesky only when n² fits one array's length.
        int count = checked(n * n);
        T* buffer = (T*)NativeMemory.Alloc((nuint)count, (nuint)sizeof(T));
        try
        {
            var matrix = new Span<T>(buffer, count);
            _file.ReadRows(0, matrix);
            var solution = (T[])b.Clone();
            CholeskyFactor<T>.SolveInPlace(matrix, n, Lambda, _description, solution, k);
            return solution.Select(double.CreateTruncating).ToArray();
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>The stored test-train kernel (m × n) times <paramref name="alpha"/> (n × k): the means of the m test items.</summary>
    public double[] TestTimes(NpyFile<T> testTrain, double[] alpha, int k, string argument)
    {
        var matrix = new StoredMatrix<T>(testTrain, argument, _options.Budget);
        if (matrix.Columns != _matrix.Rows)
            throw new ArgumentException($"{argument} ({testTrain.FilePath}) must be a test-train kernel of shape (m, {_matrix.Rows}), got ({matrix.Rows}, {matrix.Columns}).", argument);
        return matrix.Multiply(alpha, k);
    }
}
