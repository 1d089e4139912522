using System.Numerics;

namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// A register-blocked GEMM micro-kernel: one <see cref="Rows"/> × <see cref="Columns{T}"/> tile of C from a packed
/// panel of A (for each step of the sum, <see cref="Rows"/> consecutive values) and a packed panel of B (for each
/// step, <see cref="Columns{T}"/> consecutive values). <see cref="PackedGemm{TKernel}"/> is written once over this.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Whether this machine runs the kernel's instructions in hardware.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Rows of a tile.</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of a tile for element type <typeparamref name="T"/>.</summary>
    static abstract int Columns<T>() where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>A short description, e.g. "Vector512 12×2 vectors".</summary>
    static abstract string Description { get; }

    /// <summary>
    /// C ← alpha·(A panel · B panel) + beta·C over the whole tile (C read only when <paramref name="readC"/>);
    /// each entry's sum runs over p = 0 … <paramref name="depth"/> − 1 in order, one fused multiply-add per step.
    /// </summary>
    static abstract void Run<T>(T* a, T* b, int depth, T* c, int ldc, T alpha, T beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
