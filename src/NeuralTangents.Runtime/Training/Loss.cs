using System.Numerics;

namespace NeuralTangents;

/// <summary>A training loss L(f, y) over a batch of outputs f and targets y of the same shape, with its gradient ∂L/∂f.</summary>
public abstract class Loss
{
    /// <summary>½·mean((f − y)²) over every entry (Neural Tangents' <c>gradient_descent_mse</c> convention), so ∂L/∂f = (f − y)/|y|.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>
    /// −(1/N)·Σ_i Σ_k y[i, k]·log softmax(f[i])_k over the last axis (targets are probabilities, e.g. one-hot);
    /// ∂L/∂f[i] = (softmax(f[i]) − y[i])/N.
    /// </summary>
    public static Loss SoftmaxCrossEntropy { get; } = new SoftmaxCrossEntropyLoss();

    /// <summary>A readable name.</summary>
    public abstract string Name { get; }

    /// <summary>The loss, accumulated in double; writes ∂L/∂f into <paramref name="gradient"/> when it is not null.</summary>
    /// <exception cref="ArgumentException">The shapes of <paramref name="output"/>, <paramref name="targets"/> and <paramref name="gradient"/> differ.</exception>
    public double Evaluate<T>(Tensor<T> output, Tensor<T> targets, Tensor<T>? gradient = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (!output.Shape.AsSpan().SequenceEqual(targets.Shape))
            throw new ArgumentException($"{Name}: targets must have the output's shape {output.ShapeText}, got {targets.ShapeText}.", nameof(targets));
        if (gradient is not null && !gradient.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ArgumentException($"{Name}: the gradient buffer must have the output's shape {output.ShapeText}, got {gradient.ShapeText}.", nameof(gradient));
        return Compute(output, targets, gradient);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private protected abstract double Compute<T>(Tensor<T> output, Tensor<T> targets, Tensor<T>? gradient) where T : unmanaged, IFloatingPointIeee754<T>;

    private sealed class MeanSquaredErrorLoss : Loss
    {
        public override string Name => "MeanSquaredError";

        private protected override double Compute<T>(Tensor<T> output, Tensor<T> targets, Tensor<T>? gradient)
        {
            int count = output.Length;
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                double residual = double.CreateTruncating(output.Data[i]) - double.CreateTruncating(targets.Data[i]);
                sum += residual * residual;
                if (gradient is not null) gradient.Data[i] = T.CreateTruncating(residual / count);
            }
            return count == 0 ? 0 : 0.5 * sum / count;
        }
    }

    private sealed class SoftmaxCrossEntropyLoss : Loss
    {
        public override string Name => "SoftmaxCrossEntropy";

        private protected override double Compute<T>(Tensor<T> output, Tensor<T> targets, Tensor<T>? gradient)
        {
            int classes = output.Rank == 0 ? 1 : output.Dim(-1);
            int rows = classes == 0 ? 0 : output.Length / classes;
            double total = 0;
            var probabilities = new double[classes];
            for (int r = 0; r < rows; r++)
            {
                int offset = r * classes;
                double max = double.NegativeInfinity;
                for (int k = 0; k < classes; k++) max = Math.Max(max, double.CreateTruncating(output.Data[offset + k]));
                double normalizer = 0;
                for (int k = 0; k < classes; k++) normalizer += probabilities[k] = Math.Exp(double.CreateTruncating(output.Data[offset + k]) - max);
                double logNormalizer = Math.Log(normalizer) + max;
                for (int k = 0; k < classes; k++)
                {
                    double target = double.CreateTruncating(targets.Data[offset + k]);
                    total -= target * (double.CreateTruncating(output.Data[offset + k]) - logNormalizer);
                    if (gradient is not null) gradient.Data[offset + k] = T.CreateTruncating((probabilities[k] / normalizer - target) / rows);
                }
            }
            return rows == 0 ? 0 : total / rows;
        }
    }
}
