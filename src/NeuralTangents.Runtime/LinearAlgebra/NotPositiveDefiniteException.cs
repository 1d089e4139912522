using System.Globalization;

namespace NeuralTangents;

/// <summary>
/// A kernel matrix that must be positive definite (after adding the diagonal regularizer) is not: its
/// Cholesky factorization met a non-positive pivot, or its smallest eigenvalue is negative beyond rounding.
/// Raised instead of returning NaN predictions. Remedies: a larger <c>diagReg</c>, double precision, or
/// removing duplicate training inputs.
/// </summary>
public sealed class NotPositiveDefiniteException : ArithmeticException
{
    /// <summary>Creates the exception from the failing Cholesky pivot.</summary>
    public NotPositiveDefiniteException(string matrix, int order, double regularizer, int pivotIndex, double pivotValue)
        : base(string.Format(CultureInfo.InvariantCulture,
            "{0} ({1}×{1}) is not positive definite at the requested regularizer λ = {2:G6}: Cholesky pivot {3} (0-based) is {4:G6}. " +
            "Increase diagReg, compute in double precision, or remove duplicate training inputs.",
            matrix, order, regularizer, pivotIndex, pivotValue))
    {
        Matrix = matrix;
        Order = order;
        Regularizer = regularizer;
        PivotIndex = pivotIndex;
        PivotValue = pivotValue;
    }

    /// <summary>Creates the exception from an eigenvalue that is negative beyond rounding.</summary>
    public NotPositiveDefiniteException(string matrix, int order, double regularizer, double smallestEigenvalue, double tolerance)
        : base(string.Format(CultureInfo.InvariantCulture,
            "{0} ({1}×{1}) is not positive semidefinite at the requested regularizer λ = {2:G6}: its smallest eigenvalue is {3:G6}, " +
            "below the rounding tolerance −{4:G3}. Increase diagReg, compute in double precision, or check that the matrix is a kernel.",
            matrix, order, regularizer, smallestEigenvalue, tolerance))
    {
        Matrix = matrix;
        Order = order;
        Regularizer = regularizer;
        SmallestEigenvalue = smallestEigenvalue;
    }

    /// <summary>Which matrix failed, e.g. "the NTK train-train kernel".</summary>
    public string Matrix { get; }

    /// <summary>The matrix order n.</summary>
    public int Order { get; }

    /// <summary>The absolute regularizer λ that was added to the diagonal.</summary>
    public double Regularizer { get; }

    /// <summary>The 0-based index of the failing Cholesky pivot; null when the eigendecomposition found the problem.</summary>
    public int? PivotIndex { get; }

    /// <summary>The value of the failing pivot (≤ 0); null when the eigendecomposition found the problem.</summary>
    public double? PivotValue { get; }

    /// <summary>The smallest eigenvalue; null when the Cholesky factorization found the problem.</summary>
    public double? SmallestEigenvalue { get; }
}
