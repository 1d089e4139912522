using System.Numerics;

namespace NeuralTangents.LinearAlgebra.Benchmarks;

/// <summary>
/// The two measured operations, exactly as Predict runs them on a given backend: a Cholesky solve (copy the
/// matrix, factor, two triangular solves for 10 right-hand sides: SciPy's <c>cho_factor</c> + <c>cho_solve</c>)
/// and a full symmetric eigendecomposition (copy, eigenvalues and eigenvectors: SciPy's <c>eigh</c>).
/// </summary>
internal static class Operations
{
    public static T[] CholeskySolve<T>(ILinearAlgebraBackend backend, T[] matrix, T[] rhs, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var factor = (T[])matrix.Clone();
        int failed = backend.CholeskyLower(n, factor, n);
        if (failed != 0) throw new InvalidOperationException($"Benchmark matrix not positive definite at pivot {failed - 1}.");
        var x = (T[])rhs.Clone();
        backend.TriangularSolveLower(true, false, n, TestMatrices.RightHandSides, T.One, factor, n, x, TestMatrices.RightHandSides);
        backend.TriangularSolveLower(true, true, n, TestMatrices.RightHandSides, T.One, factor, n, x, TestMatrices.RightHandSides);
        return x;
    }

    public static T[] Eigendecomposition<T>(ILinearAlgebraBackend backend, T[] matrix, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vectors = (T[])matrix.Clone();
        var values = new T[n];
        backend.SymmetricEigen(n, vectors, n, values, vectors: true);
        return values;
    }

    public static ILinearAlgebraBackend? Backend(string name) => name switch
    {
        "openblas" => OpenBlasBackend.TryLoad(),
        "managed" => ManagedBackend.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Backends are 'openblas' and 'managed'."),
    };

    /// <summary>The backends present on this machine.</summary>
    public static IEnumerable<string> PresentBackends() =>
        new[] { "openblas", "managed" }.Where(name => Backend(name) is not null);
}
