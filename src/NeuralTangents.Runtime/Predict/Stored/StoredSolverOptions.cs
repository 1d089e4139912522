namespace NeuralTangents;

/// <summary>How predictors read and solve with stored kernels (see <see cref="StoredSolveMethod"/>).</summary>
public sealed record StoredSolverOptions
{
    /// <summary>The defaults: automatic choice, a quarter of the available memory, relative residual 1e-10 (1e-5 for float32 kernels).</summary>
    public static StoredSolverOptions Default { get; } = new();

    /// <summary>Cholesky, conjugate gradients, or the choice by memory budget.</summary>
    public StoredSolveMethod Method { get; init; } = StoredSolveMethod.Auto;

    /// <summary>The memory a solve may hold: the whole matrix for Cholesky, one block of rows (as read and as float64, at most 64 MiB) for conjugate gradients and test-train products; null means a quarter of the memory available to the process.</summary>
    public long? MemoryBudgetBytes { get; init; }

    /// <summary>Conjugate gradients stop when ‖r‖ ≤ tolerance·‖y‖ for every output column; null means 1e-10, or 1e-5 for float32 kernels.</summary>
    public double? Tolerance { get; init; }

    /// <summary>The most conjugate-gradient iterations (each reads the matrix once); null means n.</summary>
    public int? MaxIterations { get; init; }

    internal long Budget => MemoryBudgetBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
}
