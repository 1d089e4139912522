using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The Cholesky factor L of A + λI (A symmetric n×n, lower triangle read), with the solves that kernel
/// regression needs. Factoring a matrix that is not positive definite throws
/// <see cref="NotPositiveDefiniteException"/> with the failing pivot.
/// </summary>
internal sealed class CholeskyFactor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _l;

    private CholeskyFactor(T[] l, int order)
    {
        _l = l;
        Order = order;
    }

    public int Order { get; }

    /// <summary>
    /// Factors <paramref name="matrix"/> + <paramref name="regularizer"/>·I; <paramref name="description"/> names
    /// the matrix in an exception, e.g. "the NNGP train-train kernel".
    /// </summary>
    public static CholeskyFactor<T> Factor(ReadOnlySpan<T> matrix, int n, double regularizer, string description)
    {
        var l = matrix[..(n * n)].ToArray();
        FactorInPlace(l, n, regularizer, description);
        return new CholeskyFactor<T>(l, n);
    }

    /// <summary>
    /// B (n×p, row-major) ← (A + λI)⁻¹·B, factoring <paramref name="matrix"/> (A, n×n) in place: for a matrix loaded
    /// only to be solved with once, such as a stored kernel, which then is held once (the caller's buffer) rather than
    /// twice, in memory the caller can free as soon as this returns.
    /// </summary>
    public static void SolveInPlace(Span<T> matrix, int n, double regularizer, string description, Span<T> b, int p)
    {
        FactorInPlace(matrix, n, regularizer, description);
        Blas.Backend.TriangularSolveLower(left: true, transpose: false, n, p, T.One, matrix, n, b, p);
        Blas.Backend.TriangularSolveLower(left: true, transpose: true, n, p, T.One, matrix, n, b, p);
    }

    private static void FactorInPlace(Span<T> l, int n, double regularizer, string description)
    {
        T lambda = T.CreateTruncating(regularizer);
        for (int i = 0; i < n; i++) l[i * n + i] += lambda;
        int failed = Blas.Backend.CholeskyLower(n, l, n);
        if (failed != 0)
            throw new NotPositiveDefiniteException(description, n, regularizer, failed - 1, double.CreateTruncating(l[(failed - 1) * (n + 1)]));
        for (int i = 0; i < n; i++)
        {
            T d = l[i * n + i];
            // A pivot can only turn NaN if the input overflowed; report it as the failure it is.
            if (!T.IsFinite(d) || d <= T.Zero)
                throw new NotPositiveDefiniteException(description, n, regularizer, i, double.CreateTruncating(d));
        }
    }

    /// <summary>log det A = 2·Σ log L_ii, summed in double (the pivots are positive by construction).</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (int i = 0; i < Order; i++) sum += Math.Log(double.CreateTruncating(_l[i * Order + i]));
        return 2 * sum;
    }

    /// <summary>
    /// A⁻¹ as a full symmetric n×n matrix: M = L⁻ᵀ by one triangular solve of the identity, then A⁻¹ = M·Mᵀ by
    /// SYRK (symmetric by construction; about 2n³ flops in all, the same as solving A·X = I).
    /// </summary>
    public T[] Inverse()
    {
        int n = Order;
        var m = new T[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = T.One;
        WhitenRows(m, n);
        var inverse = new T[n * n];
        Blas.Backend.SyrkLower(false, n, n, T.One, m, n, T.Zero, inverse, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) inverse[j * n + i] = inverse[i * n + j];
        return inverse;
    }

    /// <summary>B (n×p, row-major) ← A⁻¹·B.</summary>
    public void Solve(Span<T> b, int p)
    {
        Blas.Backend.TriangularSolveLower(left: true, transpose: false, Order, p, T.One, _l, Order, b, p);
        Blas.Backend.TriangularSolveLower(left: true, transpose: true, Order, p, T.One, _l, Order, b, p);
    }

    /// <summary>B (m×n) ← B·L⁻ᵀ, so that B·A⁻¹·Bᵀ = (B·L⁻ᵀ)(B·L⁻ᵀ)ᵀ.</summary>
    public void WhitenRows(Span<T> b, int m) =>
        Blas.Backend.TriangularSolveLower(left: false, transpose: true, m, Order, T.One, _l, Order, b, Order);

    /// <summary>B (m×n) ← B·A⁻¹.</summary>
    public void SolveRows(Span<T> b, int m)
    {
        WhitenRows(b, m);
        Blas.Backend.TriangularSolveLower(left: false, transpose: false, m, Order, T.One, _l, Order, b, Order);
    }
}
