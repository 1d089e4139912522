using NeuralTangents.Predicting;

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

    /// <inheritdoc />
    public override string ToString() => Name;
}
