using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// Triangular solves with a lower-triangular L for the managed backend. Everything reduces to solving the
/// rows of X independently on the right (X·Lᵀ = B by forward substitution with dot products, X·L = B by
/// backward substitution with row updates); left solves transpose B first (L·X = B ⇔ Xᵀ·Lᵀ = Bᵀ). Rows are
/// processed in blocks that share each row of L while it is in cache, and blocks run in parallel.
/// </summary>
internal static class ManagedTriangularSolve
{
    private const int RowBlock = 16;

    public static unsafe void SolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || p == 0) return;
        fixed (T* pl = l)
        {
            var lView = new MatrixView<T>(pl, ldl);
            if (!left)
            {
                fixed (T* pb = b) SolveRows(transpose, rows: m, order: p, alpha, lView, new MatrixView<T>(pb, ldb));
                return;
            }
            // op(L)·X = B  ⇔  Xᵀ·op(L)ᵀ = Bᵀ: solve the rows of Bᵀ (the columns of B) on the right.
            var columns = new T[(long)p * m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < p; j++) columns[(long)j * m + i] = b[i * ldb + j];
            fixed (T* pc = columns) SolveRows(!transpose, rows: p, order: m, alpha, lView, new MatrixView<T>(pc, m));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < p; j++) b[i * ldb + j] = columns[(long)j * m + i];
        }
    }

    // Each of `rows` rows x of B (length `order`) becomes the solution of x·Lᵀ = alpha·b (transposeL) or
    // x·L = alpha·b (!transposeL).
    private static void SolveRows<T>(bool transposeL, int rows, int order, T alpha, MatrixView<T> l, MatrixView<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = (rows + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, block =>
        {
            int r0 = block * RowBlock, r1 = Math.Min(rows, r0 + RowBlock);
            if (alpha != T.One)
                for (int r = r0; r < r1; r++) TensorPrimitives.Multiply(b.Row(r, 0, order), alpha, b.Row(r, 0, order));
            if (transposeL)
            {
                // x·Lᵀ = b ⇔ L·xᵀ = bᵀ: x[i] = (b[i] − ⟨L[i, :i], x[:i]⟩) / L[i, i].
                for (int i = 0; i < order; i++)
                {
                    var li = l.Row(i, 0, i);
                    T diagonal = l[i, i];
                    for (int r = r0; r < r1; r++)
                        b[r, i] = (b[r, i] - TensorPrimitives.Dot<T>(li, b.Row(r, 0, i))) / diagonal;
                }
            }
            else
            {
                // x·L = b ⇔ Lᵀ·xᵀ = bᵀ, from the last unknown: x[j] = b[j] / L[j, j], then b[:j] −= x[j]·L[j, :j].
                for (int j = order - 1; j >= 0; j--)
                {
                    var lj = l.Row(j, 0, j);
                    T diagonal = l[j, j];
                    for (int r = r0; r < r1; r++)
                    {
                        T x = b[r, j] / diagonal;
                        b[r, j] = x;
                        VectorKernels.Axpy(-x, lj, b.Row(r, 0, j));
                    }
                }
            }
        });
    }
}
