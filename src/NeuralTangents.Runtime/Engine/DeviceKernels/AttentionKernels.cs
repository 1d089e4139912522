using ILGPU;
using ILGPU.Algorithms;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code of GlobalSelfAttention's kernel rule on full covariances (S×S values per pair, row-major
/// positions), as chunked loops. Covariances with positional embeddings are interpolated on the fly:
/// Σ̃ = inputWeight·Σ + positionalWeight·R with R the positional covariance (S×S, double).
/// </summary>
internal static class AttentionKernels
{
    /// <summary>Mechanism codes (the values of <c>Rules.AttentionFunction</c>).</summary>
    public const int Softmax = 0, Identity = 1, Abs = 2, Relu = 3;

    /// <summary>
    /// The limit attention weights of every item: row (item, i) of G is φ(scale·Σ̃[item](i, ·)), softmax normalized
    /// over the keys j. One element is one row of S weights. Masked keys would enter here (logit −1e20 for
    /// softmax, weight 0 otherwise, as Neural Tangents does).
    /// </summary>
    public static void Weights<T, TS>(Index1D thread, ArrayView<T> cov, ArrayView<double> positional, ArrayView<double> weights,
        int size, double inputWeight, double positionalWeight, double scale, int mechanism, long rows, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < rows ? start + chunk : rows;
        for (long row = start; row < end; row++)
        {
            long item = row / size;
            int i = (int)(row - item * size);
            long origin = item * size * size + (long)i * size;
            long rOrigin = (long)i * size;
            if (mechanism == Softmax)
            {
                double largest = double.NegativeInfinity;
                for (int j = 0; j < size; j++)
                {
                    double logit = scale * (inputWeight * s.ToDouble(cov[origin + j]) + positionalWeight * positional[rOrigin + j]);
                    weights[origin + j] = logit;
                    if (logit > largest) largest = logit;
                }
                double total = 0;
                for (int j = 0; j < size; j++)
                {
                    double e = XMath.Exp(weights[origin + j] - largest);
                    weights[origin + j] = e;
                    total += e;
                }
                for (int j = 0; j < size; j++) weights[origin + j] /= total;
                continue;
            }
            for (int j = 0; j < size; j++)
            {
                double logit = scale * (inputWeight * s.ToDouble(cov[origin + j]) + positionalWeight * positional[rOrigin + j]);
                weights[origin + j] = mechanism == Abs ? XMath.Abs(logit) : mechanism == Relu ? XMath.Max(logit, 0.0) : logit;
            }
        }
    }

    /// <summary>
    /// temp[pair, i, j'] = Σ_j G[pair / leftDivisor, i, j]·(inputWeight·values[pair, j, j'] + positionalWeight·R[j, j']):
    /// the left factor of G₁·V·G₂ᵀ (the row item of a cross pair is pair / cols; of a self pair, the pair).
    /// </summary>
    public static void Left<T, TS>(Index1D thread, ArrayView<double> weights, ArrayView<T> values, ArrayView<double> positional, ArrayView<double> temp,
        int size, long leftDivisor, double inputWeight, double positionalWeight, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        long per = (long)size * size;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long within = e - pair * per;
            int i = (int)(within / size);
            int j2 = (int)(within - (long)i * size);
            long g = pair / leftDivisor * per + (long)i * size;
            long v = pair * per + j2;
            double sum = 0;
            for (int j = 0; j < size; j++)
                sum += weights[g + j] * (inputWeight * s.ToDouble(values[v + (long)j * size]) + positionalWeight * positional[(long)j * size + j2]);
            temp[e] = sum;
        }
    }

    /// <summary>
    /// target[pair, i, i'] = scale·Σ_j' temp[pair, i, j']·G[pair mod rightModulus, i', j'] + shift + otherFactor·other[pair, i, i']:
    /// the right factor of G₁·V·G₂ᵀ and the affine part of the rule (the column item of a cross pair is
    /// pair mod cols; of a self pair, the pair itself).
    /// </summary>
    public static void Right<T, TS>(Index1D thread, ArrayView<double> temp, ArrayView<double> weights, ArrayView<T> target, ArrayView<T> other,
        int size, long rightModulus, double scale, double shift, double otherFactor, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        long per = (long)size * size;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long within = e - pair * per;
            int i = (int)(within / size);
            int i2 = (int)(within - (long)i * size);
            long t = pair * per + (long)i * size;
            long g = pair % rightModulus * per + (long)i2 * size;
            double sum = 0;
            for (int j = 0; j < size; j++) sum += temp[t + j] * weights[g + j];
            double extra = otherFactor != 0 ? otherFactor * s.ToDouble(other[e]) : 0;
            target[e] = s.FromDouble(scale * sum + shift + extra);
        }
    }

    /// <summary>
    /// Per pair, the Frobenius products of the 1/√d-scaled IDENTITY rule: d = ⟨Σ̃, V⟩ with V = Σ̃ when values see the
    /// positional embeddings, else Σ; and for the NTK t = 2⟨Σ̃, Θ̃⟩ (values with embeddings) or ⟨Σ̃, Θ⟩ + ⟨Σ, Θ̃⟩,
    /// where Θ̃ = inputWeight·Θ + positionalWeight·R. dots[2·pair] = d, dots[2·pair + 1] = t.
    /// </summary>
    public static void PairDots<T, TS>(Index1D thread, ArrayView<T> nngp, ArrayView<T> ntk, ArrayView<double> positional, ArrayView<double> dots,
        int size, double inputWeight, double positionalWeight, int valuePosEmb, int hasNtk, long pairs, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < pairs ? start + chunk : pairs;
        long per = (long)size * size;
        for (long pair = start; pair < end; pair++)
        {
            double d = 0, t = 0;
            for (long q = 0; q < per; q++)
            {
                double sigma = s.ToDouble(nngp[pair * per + q]);
                double interpolated = inputWeight * sigma + positionalWeight * positional[q];
                d += interpolated * (valuePosEmb != 0 ? interpolated : sigma);
                if (hasNtk == 0) continue;
                double theta = s.ToDouble(ntk[pair * per + q]);
                double thetaInterpolated = inputWeight * theta + positionalWeight * positional[q];
                t += valuePosEmb != 0 ? 2 * interpolated * thetaInterpolated : interpolated * theta + sigma * thetaInterpolated;
            }
            dots[2 * pair] = d;
            dots[2 * pair + 1] = t;
        }
    }

    /// <summary>
    /// The 1/√d-scaled IDENTITY rule entrywise, with d and t of the entry's pair from <see cref="PairDots{T, TS}"/>:
    /// Σ' = scale·d·Σ̃ + shift and Θ' = scale·(t·Σ̃ + d·(Θ̃ + 4·Σ̃)) + shift, in place.
    /// </summary>
    public static void IdentityUpdate<T, TS>(Index1D thread, ArrayView<T> nngp, ArrayView<T> ntk, ArrayView<double> positional, ArrayView<double> dots,
        int size, double inputWeight, double positionalWeight, double scale, double shift, int hasNtk, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        long per = (long)size * size;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long q = e - pair * per;
            double d = dots[2 * pair];
            double interpolated = inputWeight * s.ToDouble(nngp[e]) + positionalWeight * positional[q];
            if (hasNtk != 0)
            {
                double thetaInterpolated = inputWeight * s.ToDouble(ntk[e]) + positionalWeight * positional[q];
                ntk[e] = s.FromDouble(scale * (dots[2 * pair + 1] * interpolated + d * (thetaInterpolated + 4 * interpolated)) + shift);
            }
            nngp[e] = s.FromDouble(scale * d * interpolated + shift);
        }
    }
}
