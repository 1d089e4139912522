using System.Numerics;

namespace NeuralTangents.Sampling;

/// <summary>Running mean and variance of a vector of estimates (Welford's algorithm, in double).</summary>
internal sealed class WelfordAccumulator
{
    private readonly double[] _mean, _m2;
    private int _count;

    public WelfordAccumulator(int length)
    {
        _mean = new double[length];
        _m2 = new double[length];
    }

    public void Add(double[] sample)
    {
        _count++;
        for (int i = 0; i < sample.Length; i++)
        {
            double delta = sample[i] - _mean[i];
            _mean[i] += delta / _count;
            _m2[i] += delta * (sample[i] - _mean[i]);
        }
    }

    /// <summary>
    /// Folds <paramref name="other"/> (estimates of later samples) into this accumulator: the pairwise update of
    /// Chan, Golub and LeVeque, mean += δ·n_b/n and M2 += M2_b + δ²·n_a·n_b/n with δ = mean_b − mean_a.
    /// </summary>
    public void Merge(WelfordAccumulator other)
    {
        if (other._count == 0) return;
        int total = _count + other._count;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = other._mean[i] - _mean[i];
            _mean[i] += delta * other._count / total;
            _m2[i] += other._m2[i] + delta * delta * ((double)_count * other._count / total);
        }
        _count = total;
    }

    public Tensor<T> Mean<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(shape, i => T.CreateTruncating(_mean[i]));

    /// <summary>√(sample variance / count); NaN for a single sample, whose sample variance is undefined (0/0).</summary>
    public Tensor<T> StandardError<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(shape, i => _count > 1 ? T.CreateTruncating(Math.Sqrt(_m2[i] / (_count - 1) / _count)) : T.NaN);
}
