using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// Blocked right-looking Cholesky (A = L·Lᵀ, lower, row-major) for the managed backend. Per block column:
/// the diagonal block by the row-oriented (Crout) recurrence, the panel below it by forward substitution
/// (rows in parallel), and the trailing matrix by the lower row-product update of <see cref="ManagedSyrk"/>.
/// Every inner loop is a contiguous dot product.
/// </summary>
internal static class ManagedCholesky
{
    private const int BlockSize = 128;

    /// <summary>Returns 0, or the 1-based index of the first non-positive pivot (whose value is left on the diagonal).</summary>
    public static unsafe int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pa = a)
        {
            var m = new MatrixView<T>(pa, lda);
            for (int k0 = 0; k0 < n; k0 += BlockSize)
            {
                int k1 = Math.Min(n, k0 + BlockSize), width = k1 - k0;
                int failed = FactorDiagonalBlock(m, k0, k1);
                if (failed != 0) return failed;
                if (k1 == n) break;

                // Panel: L21 = A21·L11⁻ᵀ, each row independently by forward substitution.
                var view = m;
                Parallel.For(k1, n, i =>
                {
                    for (int j = k0; j < k1; j++)
                    {
                        T dot = TensorPrimitives.Dot<T>(view.Row(i, k0, j - k0), view.Row(j, k0, j - k0));
                        view[i, j] = (view[i, j] - dot) / view[j, j];
                    }
                });

                // Trailing update A22 ← A22 − L21·L21ᵀ on the lower triangle.
                ManagedSyrk.LowerRowProducts(n - k1, width, -T.One, m.Offset(k1, 0), k0, T.One, m.Offset(k1, k1));
            }
        }
        return 0;
    }

    private static int FactorDiagonalBlock<T>(MatrixView<T> m, int k0, int k1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = k0; j < k1; j++)
        {
            var rowJ = m.Row(j, k0, j - k0);
            T pivot = m[j, j] - TensorPrimitives.Dot<T>(rowJ, rowJ);
            if (!(pivot > T.Zero))
            {
                m[j, j] = pivot;
                return j + 1;
            }
            T diagonal = T.Sqrt(pivot);
            m[j, j] = diagonal;
            for (int i = j + 1; i < k1; i++)
                m[i, j] = (m[i, j] - TensorPrimitives.Dot<T>(m.Row(i, k0, j - k0), rowJ)) / diagonal;
        }
        return 0;
    }
}
