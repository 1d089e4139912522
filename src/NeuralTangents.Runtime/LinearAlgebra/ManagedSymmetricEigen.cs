using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// Symmetric eigendecomposition for the managed backend: Householder reduction to tridiagonal form
/// (A = Q·T·Qᵀ), the accumulated Qᵀ, then implicit QL iterations with Wilkinson-type shifts on T (the
/// EISPACK <c>tql2</c> scheme) whose plane rotations are applied to the rows of Qᵀ. Storing the eigenvectors
/// as rows keeps every update a contiguous, vectorizable row operation; the rows (or column chunks) of each
/// step run in parallel.
/// </summary>
internal static class ManagedSymmetricEigen
{
    private const int MaxIterationsPerEigenvalue = 60;
    private const int RotationChunk = 256;

    public static unsafe void Decompose<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) return;
        var diagonal = new double[n];
        var offDiagonal = new double[n]; // offDiagonal[i] = T[i+1, i]; the last entry stays 0
        var beta = new T[n];
        T[]? basis = vectors ? new T[(long)n * n] : null;
        fixed (T* pa = a)
        fixed (T* pq = basis)
        {
            var m = new MatrixView<T>(pa, lda);
            // The reduction keeps the whole trailing matrix so that its rows are contiguous.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++) m[j, i] = m[i, j];
            Tridiagonalize(n, m, beta, diagonal, offDiagonal);
            MatrixView<T> q = default;
            if (vectors)
            {
                q = new MatrixView<T>(pq, n);
                FormQTransposed(n, m, beta, q);
            }
            TridiagonalQl(n, diagonal, offDiagonal, vectors ? q : (MatrixView<T>?)null);
            SortAscending(n, diagonal, vectors ? q : (MatrixView<T>?)null);
            for (int i = 0; i < n; i++) eigenvalues[i] = T.CreateTruncating(diagonal[i]);
            if (vectors)
                for (int i = 0; i < n; i++) q.Row(i, 0, n).CopyTo(m.Row(i, 0, n));
        }
    }

    // Step k reflects entries k+1.. of row k onto its first entry with H = I − β·v·vᵀ (v[0] = 1, the rest of v
    // kept in row k), then updates the trailing matrix S ← H·S·H as S − v·wᵀ − w·vᵀ with p = β·S·v and
    // w = p − (β/2)(pᵀv)·v.
    private static void Tridiagonalize<T>(int n, MatrixView<T> m, T[] beta, double[] diagonal, double[] offDiagonal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new T[n];
        for (int k = 0; k < n - 1; k++)
        {
            int length = n - k - 1, start = k + 1;
            var x = m.Row(k, start, length);
            T alpha0 = x[0];
            T sigma = length > 1 ? TensorPrimitives.Dot<T>(x[1..], x[1..]) : T.Zero;
            if (sigma == T.Zero)
            {
                beta[k] = T.Zero;
                offDiagonal[k] = double.CreateTruncating(alpha0);
                x[0] = T.One;
                continue;
            }
            T norm = T.Sqrt(alpha0 * alpha0 + sigma);
            T newAlpha = alpha0 >= T.Zero ? -norm : norm;
            T b = (newAlpha - alpha0) / newAlpha;
            TensorPrimitives.Multiply(x[1..], T.One / (alpha0 - newAlpha), x[1..]);
            x[0] = T.One;
            beta[k] = b;
            offDiagonal[k] = double.CreateTruncating(newAlpha);

            var view = m;
            var pBuffer = p;
            Parallel.For(start, n, i => pBuffer[i] = b * TensorPrimitives.Dot<T>(view.Row(i, start, length), view.Row(k, start, length)));
            var pk = p.AsSpan(start, length);
            T half = b * TensorPrimitives.Dot<T>(pk, m.Row(k, start, length)) / T.CreateTruncating(2);
            VectorKernels.Axpy(-half, m.Row(k, start, length), pk); // p becomes w
            Parallel.For(start, n, i =>
            {
                var v = view.Row(k, start, length);
                VectorKernels.SubtractTwoScaled(view.Row(i, start, length), v[i - start], pBuffer.AsSpan(start, length), pBuffer[i], v);
            });
        }
        for (int i = 0; i < n; i++) diagonal[i] = double.CreateTruncating(m[i, i]);
        offDiagonal[n - 1] = 0;
    }

    // Qᵀ = H_{n−2}···H_0, built as I·H_{n−2}·…·H_0: right-multiplying by H_k touches columns k+1.. and, since
    // the product so far is the identity outside its trailing block, only rows k+1..
    private static void FormQTransposed<T>(int n, MatrixView<T> m, T[] beta, MatrixView<T> q)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++) q[i, i] = T.One;
        for (int k = n - 2; k >= 0; k--)
        {
            T b = beta[k];
            if (b == T.Zero) continue;
            int start = k + 1, length = n - start;
            var reflector = m;
            Parallel.For(start, n, i =>
            {
                var v = reflector.Row(k, start, length);
                var row = q.Row(i, start, length);
                VectorKernels.Axpy(-b * TensorPrimitives.Dot<T>(row, v), v, row);
            });
        }
    }

    private static void TridiagonalQl<T>(int n, double[] d, double[] e, MatrixView<T>? vectors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double eps = 2.220446049250313e-16;
        var cosines = new double[n];
        var sines = new double[n];
        double shiftTotal = 0, scale = 0;
        for (int l = 0; l < n; l++)
        {
            scale = Math.Max(scale, Math.Abs(d[l]) + Math.Abs(e[l]));
            int mEnd = l;
            while (mEnd < n - 1 && Math.Abs(e[mEnd]) > eps * scale) mEnd++;
            if (mEnd > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > MaxIterationsPerEigenvalue)
                        throw new ArithmeticException($"The managed symmetric eigensolver did not converge for eigenvalue {l} of {n}; the matrix may hold NaN or infinite values.");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    shiftTotal += h;

                    p = d[mEnd];
                    double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = mEnd - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        cosines[i] = c;
                        sines[i] = s;
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                    if (vectors is { } z) ApplyRotations(z, n, l, mEnd, cosines, sines);
                }
                while (Math.Abs(e[l]) > eps * scale);
            }
            d[l] += shiftTotal;
            e[l] = 0;
        }
    }

    // The sweep's rotations act on rows (i, i+1) for i = mEnd−1 down to l, in that order; columns are
    // independent, so column chunks run in parallel.
    private static void ApplyRotations<T>(MatrixView<T> z, int n, int l, int mEnd, double[] cosines, double[] sines)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int chunks = (n + RotationChunk - 1) / RotationChunk;
        Parallel.For(0, chunks, chunk =>
        {
            int c0 = chunk * RotationChunk, width = Math.Min(RotationChunk, n - c0);
            for (int i = mEnd - 1; i >= l; i--)
                VectorKernels.Rotate(z.Row(i, c0, width), z.Row(i + 1, c0, width), T.CreateTruncating(cosines[i]), T.CreateTruncating(sines[i]));
        });
    }

    private static void SortAscending<T>(int n, double[] d, MatrixView<T>? vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var swap = vectors is null ? null : new T[n];
        for (int i = 0; i < n - 1; i++)
        {
            int smallest = i;
            for (int j = i + 1; j < n; j++)
                if (d[j] < d[smallest]) smallest = j;
            if (smallest == i) continue;
            (d[i], d[smallest]) = (d[smallest], d[i]);
            if (vectors is { } z)
            {
                z.Row(i, 0, n).CopyTo(swap);
                z.Row(smallest, 0, n).CopyTo(z.Row(i, 0, n));
                swap.CopyTo(z.Row(smallest, 0, n));
            }
        }
    }

    private static double Hypot(double a, double b) => double.Hypot(a, b);
}
