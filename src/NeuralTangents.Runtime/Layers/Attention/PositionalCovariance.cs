using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Layers.Attention;

/// <summary>
/// The covariance R of GlobalSelfAttention's positional embeddings over the S positions of a spatial shape
/// (row-major): the identity without a decay function (one-hot embeddings), else
/// R(i, j) = decay(Σ_d |i_d − j_d|^p). The finite layer colours i.i.d. embeddings with its Cholesky factor L
/// (E = L·P, so that E·Eᵀ/channels → R), the kernel uses R itself.
/// </summary>
internal static class PositionalCovariance
{
    /// <summary>R for <paramref name="dims"/>, S×S row-major.</summary>
    /// <exception cref="ArgumentException">The decay function returns NaN or an infinite value.</exception>
    public static double[] Matrix(int[] dims, double pNorm, Func<double, double>? decay, string layer)
    {
        int size = dims.Aggregate(1, (a, b) => a * b);
        var r = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            if (decay is null)
            {
                r[i * size + i] = 1;
                continue;
            }
            for (int j = 0; j < size; j++)
            {
                double distance = Distance(dims, i, j, pNorm);
                double value = decay(distance);
                if (!double.IsFinite(value))
                    throw new ArgumentException(
                        $"{layer}: posEmbDecayFn({distance:G6}) returned {value}; the positional covariance needs finite values (spatial shape ({string.Join(", ", dims)})).",
                        "posEmbDecayFn");
                r[i * size + j] = value;
            }
        }
        return r;
    }

    /// <summary>The lower Cholesky factor L of R (S×S row-major, zeros above the diagonal).</summary>
    /// <exception cref="ArgumentException">R is not positive definite, so the finite embeddings cannot have it as covariance.</exception>
    public static double[] Factor(int[] dims, double pNorm, Func<double, double>? decay, string layer)
    {
        var r = Matrix(dims, pNorm, decay, layer);
        int size = (int)Math.Round(Math.Sqrt(r.Length));
        if (decay is null) return r;
        int failed = Blas.Backend.CholeskyLower<double>(size, r, size);
        if (failed != 0)
            throw new ArgumentException(
                $"{layer}: posEmbDecayFn gives a positional covariance over spatial shape ({string.Join(", ", dims)}) that is not positive definite (pivot {failed} of {size}), so the finite network cannot draw embeddings with it; use a positive-definite decay such as exp(−d) or 1/(1 + d).",
                "posEmbDecayFn");
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) r[i * size + j] = 0;
        return r;
    }

    /// <summary>Σ_d |i_d − j_d|^p between positions i and j (row-major indices).</summary>
    private static double Distance(int[] dims, int i, int j, double pNorm)
    {
        double sum = 0;
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            int di = i % dims[a], dj = j % dims[a];
            i /= dims[a];
            j /= dims[a];
            sum += Math.Pow(Math.Abs(di - dj), pNorm);
        }
        return sum;
    }
}
