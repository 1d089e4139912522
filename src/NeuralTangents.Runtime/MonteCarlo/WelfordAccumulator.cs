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

    public Tensor<T> Mean<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(shape, i => T.CreateTruncating(_mean[i]));

    /// <summary>√(sample variance / count); zero for a single sample.</summary>
    public Tensor<T> StandardError<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(shape, i => T.CreateTruncating(_count > 1 ? Math.Sqrt(_m2[i] / (_count - 1) / _count) : 0));
}
