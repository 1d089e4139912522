namespace NeuralTangents;

/// <summary>How a predictor solves (K + λI)·α = y for a train-train kernel kept in a <see cref="StoredKernel{T}"/>.</summary>
public enum StoredSolveMethod
{
    /// <summary>Cholesky when the n × n matrix fits <see cref="StoredSolverOptions.MemoryBudgetBytes"/>, conjugate gradients otherwise.</summary>
    Auto,

    /// <summary>Loads the whole matrix (it must fit the memory budget and one array) and factors it, as the in-memory predictors do.</summary>
    Cholesky,

    /// <summary>Jacobi-preconditioned conjugate gradients reading the matrix in blocks of rows; never holds it whole.</summary>
    ConjugateGradient,
}
