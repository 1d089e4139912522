using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// Adam (Kingma and Ba, 2015): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t).
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[][] _first = Array.Empty<double[]>(), _second = Array.Empty<double[]>();

    /// <summary>Creates Adam.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A decay rate is outside [0, 1) or ε is not positive.</exception>
    public Adam(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must lie in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must lie in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    private protected override void Initialize(int[] lengths)
    {
        _first = lengths.Select(n => new double[n]).ToArray();
        _second = lengths.Select(n => new double[n]).ToArray();
    }

    private protected override void Update(int leaf, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        var m = _first[leaf];
        var v = _second[leaf];
        double correction1 = 1 - Math.Pow(Beta1, Steps), correction2 = 1 - Math.Pow(Beta2, Steps);
        for (int i = 0; i < parameter.Length; i++)
        {
            double g = double.CreateTruncating(gradient[i]);
            m[i] = Beta1 * m[i] + (1 - Beta1) * g;
            v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
            double step = LearningRate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + Epsilon);
            parameter[i] -= T.CreateTruncating(step);
        }
    }
}
