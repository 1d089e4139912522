using System.Numerics;
using NeuralTangents.Losses;

namespace NeuralTangents;

/// <summary>
/// A differentiable training loss L(f, y) of the outputs f on the training set, for
/// <see cref="Predict.GradientDescent{T}(Loss, Tensor{T}, Tensor{T}, double, double?, double, double)"/>.
/// Outputs and targets are row-major n × outputsPerItem. Subclass it for another loss; the ODE only needs
/// <see cref="Gradient"/>. As in Neural Tangents, the loss defines its own normalization: the built-in ones
/// average over all entries, which makes gradient descent on <see cref="MeanSquaredError"/> equal
/// <see cref="Predict.GradientDescentMse{T}(Tensor{T}, Tensor{T}, double, double, bool)"/>.
/// </summary>
public abstract class Loss
{
    /// <summary>½·mean((f − y)²) over all entries.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>
    /// −mean(y ⊙ log softmax(f)) over all entries, the softmax taken over each item's outputs (Neural Tangents'
    /// documented cross-entropy example); targets are typically one-hot.
    /// </summary>
    public static Loss SoftmaxCrossEntropy { get; } = new SoftmaxCrossEntropyLoss();

    /// <summary>A readable name.</summary>
    public abstract string Name { get; }

    /// <summary>The loss value.</summary>
    public abstract double Value(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem);

    /// <summary>Writes ∂L/∂f into <paramref name="gradient"/> (same layout as the outputs).</summary>
    public abstract void Gradient(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem, Span<double> gradient);

    /// <summary>
    /// The loss of a batch of outputs against targets of the same shape (items on the leading axis, outputs per item
    /// on the last), accumulated in double; writes ∂L/∂f into <paramref name="gradient"/> when it is not null.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes of <paramref name="output"/>, <paramref name="targets"/> or <paramref name="gradient"/> differ.</exception>
    public double Evaluate<T>(Tensor<T> output, Tensor<T> targets, Tensor<T>? gradient = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (!output.Shape.AsSpan().SequenceEqual(targets.Shape))
            throw new ArgumentException($"{Name}: targets must have the output's shape {output.ShapeText}, got {targets.ShapeText}.", nameof(targets));
        if (gradient is not null && !gradient.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ArgumentException($"{Name}: the gradient buffer must have the output's shape {output.ShapeText}, got {gradient.ShapeText}.", nameof(gradient));
        if (output.Length == 0) return 0;
        int outputsPerItem = output.Rank == 0 ? 1 : output.Dim(-1);
        var f = ToDouble(output);
        var y = ToDouble(targets);
        double value = Value(f, y, outputsPerItem);
        if (gradient is not null)
        {
            var g = new double[f.Length];
            Gradient(f, y, outputsPerItem, g);
            for (int i = 0; i < g.Length; i++) gradient.Data[i] = T.CreateTruncating(g[i]);
        }
        return value;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static double[] ToDouble<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new double[tensor.Length];
        for (int i = 0; i < values.Length; i++) values[i] = double.CreateTruncating(tensor.Data[i]);
        return values;
    }
}
