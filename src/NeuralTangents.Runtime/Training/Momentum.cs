using System.Numerics;

namespace NeuralTangents;

/// <summary>Heavy-ball momentum (as in JAX's <c>optimizers.momentum</c>): v ← μ·v + g, θ ← θ − η·v.</summary>
public sealed class Momentum<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[][] _velocity = Array.Empty<T[]>();

    /// <summary>Creates momentum with step size <paramref name="learningRate"/> and mass <paramref name="mass"/> ∈ [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mass is outside [0, 1).</exception>
    public Momentum(double learningRate, double mass = 0.9) : base(learningRate)
    {
        if (!(mass >= 0 && mass < 1)) throw new ArgumentOutOfRangeException(nameof(mass), mass, "The momentum mass must lie in [0, 1).");
        Mass = mass;
    }

    /// <summary>The mass μ.</summary>
    public double Mass { get; }

    private protected override void Initialize(int[] lengths) => _velocity = lengths.Select(n => new T[n]).ToArray();

    private protected override void Update(int leaf, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        var velocity = _velocity[leaf];
        T rate = T.CreateTruncating(LearningRate), mass = T.CreateTruncating(Mass);
        for (int i = 0; i < parameter.Length; i++)
        {
            velocity[i] = mass * velocity[i] + gradient[i];
            parameter[i] -= rate * velocity[i];
        }
    }
}
