using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.Validation;

namespace NeuralTangents;

/// <summary>
/// A finite network as a differentiable model: outputs, loss gradients (reverse mode through the layers' backward
/// rules), vector-Jacobian and Jacobian-vector products (forward mode on dual numbers) with respect to θ.
/// </summary>
public sealed class NetworkModel<T> : IDifferentiableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerBase _network;

    /// <summary>Wraps <paramref name="network"/> (built from <see cref="Stax"/>).</summary>
    public NetworkModel(ILayer network) => _network = LayerBase.From(network, nameof(network));

    /// <summary>The network.</summary>
    public ILayer Network => _network;

    /// <inheritdoc />
    public Tensor<T> Apply(Parameters<T> parameters, Tensor<T> x) => _network.Apply(parameters, x);

    /// <inheritdoc />
    public (double Loss, Parameters<T> Gradient) LossAndGradient(Parameters<T> parameters, Tensor<T> x, Tensor<T> targets, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var output = Forward(parameters, x, out var residual);
        var cotangent = Tensor<T>.Zeros(output.Shape);
        double value = loss.Evaluate(output, targets, cotangent);
        return (value, Differentiation.Vjp(_network, parameters, residual, cotangent));
    }

    /// <summary>Σ ⟨cotangent, ∂f(θ, x)/∂θ⟩: the gradient of ⟨cotangent, f⟩ with respect to θ.</summary>
    /// <exception cref="ArgumentException">The cotangent does not have the output's shape.</exception>
    public Parameters<T> Vjp(Parameters<T> parameters, Tensor<T> x, Tensor<T> cotangent)
    {
        ArgumentNullException.ThrowIfNull(cotangent);
        var output = Forward(parameters, x, out var residual);
        if (!cotangent.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ArgumentException($"The cotangent must have the output's shape {output.ShapeText}, got {cotangent.ShapeText}.", nameof(cotangent));
        return Differentiation.Vjp(_network, parameters, residual, cotangent);
    }

    /// <summary>f(θ, x) and ∂f(θ, x)/∂θ·direction, from one forward pass on dual numbers.</summary>
    /// <exception cref="ArgumentException"><paramref name="direction"/> is not shaped like <paramref name="parameters"/>.</exception>
    public (Tensor<T> Output, Tensor<T> Tangent) Jvp(Parameters<T> parameters, Tensor<T> x, Parameters<T> direction)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ParameterTree.CheckSameStructure(parameters, direction, nameof(direction), nameof(parameters));
        CheckInput(x);
        return Differentiation.Jvp(_network, parameters, direction, x);
    }

    private Tensor<T> Forward(Parameters<T> parameters, Tensor<T> x, out object? residual)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckInput(x);
        return _network.Forward(parameters, new[] { x }, out residual)[0];
    }

    private void CheckInput(Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.MinRank(x, 2, nameof(x), "items × features");
        _network.OutputShape(x.Shape);
    }
}
