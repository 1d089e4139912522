using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// The same NNGP/NTK as the engine computes for Dense → Relu → Dense → Relu → Dense, written as one fused host
/// loop per entry (the Gram entry read once, both results written once): a reference for how fast the math
/// runs on this CPU without the engine's per-layer passes, i.e. what a fused code path could reach.
/// </summary>
internal sealed class FusedReluFcnKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly int _n, _d;
    private readonly double _w2, _b2;
    private readonly double[] _variances;

    public FusedReluFcnKernel(Tensor<T> x, double wStd, double bStd)
    {
        _x = x.Data;
        _n = x.Dim(0);
        _d = x.Dim(1);
        _w2 = wStd * wStd;
        _b2 = bStd * bStd;
        _variances = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            double sum = 0;
            for (int p = 0; p < _d; p++) sum += double.CreateTruncating(_x[i * _d + p]) * double.CreateTruncating(_x[i * _d + p]);
            _variances[i] = sum / _d;
        }
        Nngp = new T[(long)_n * _n];
        Ntk = new T[(long)_n * _n];
    }

    public T[] Nngp { get; }

    public T[] Ntk { get; }

    public void Run()
    {
        Blas.Gemm(false, true, _n, _n, _d, T.One / T.CreateTruncating(_d), _x, _d, _x, _d, T.Zero, Nngp, _n);
        Parallel.For(0, _n, i =>
        {
            for (int j = 0; j < _n; j++)
            {
                long e = (long)i * _n + j;
                var (nngp, ntk) = Entry(i == j ? _variances[i] : double.CreateTruncating(Nngp[e]), _variances[i], _variances[j]);
                Nngp[e] = T.CreateTruncating(nngp);
                Ntk[e] = T.CreateTruncating(ntk);
            }
        });
    }

    /// <summary>K ← σw²K + σb², Θ ← K + σw²Θ per Dense; the arc-cosine ReLU dual between them.</summary>
    private (double Nngp, double Ntk) Entry(double c, double q1, double q2)
    {
        double k = _w2 * c + _b2, t = k;
        q1 = _w2 * q1 + _b2;
        q2 = _w2 * q2 + _b2;
        for (int hidden = 0; hidden < 2; hidden++)
        {
            double sine = Math.Sqrt(Math.Max(q1 * q2 - k * k, 0));
            double theta = Math.Atan2(sine, k);
            t *= (Math.PI - theta) / (2 * Math.PI);
            k = (sine + (Math.PI - theta) * k) / (2 * Math.PI);
            q1 = _w2 * q1 / 2 + _b2;
            q2 = _w2 * q2 / 2 + _b2;
            k = _w2 * k + _b2;
            t = k + _w2 * t;
        }
        return (k, t);
    }
}
