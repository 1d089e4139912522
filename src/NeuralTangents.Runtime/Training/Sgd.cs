using System.Numerics;

namespace NeuralTangents;

/// <summary>Stochastic gradient descent: θ ← θ − η·g.</summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates SGD with step size <paramref name="learningRate"/>.</summary>
    public Sgd(double learningRate) : base(learningRate) { }

    private protected override void Initialize(int[] lengths) { }

    private protected override void Update(int leaf, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        var rate = T.CreateTruncating(LearningRate);
        for (int i = 0; i < parameter.Length; i++) parameter[i] -= rate * gradient[i];
    }
}
