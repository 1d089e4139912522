using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.Validation;

namespace NeuralTangents;

/// <summary>
/// A Taylor model of a finite network around θ0 (made by <see cref="Linearization.Linearize{T}"/> or
/// <see cref="Linearization.TaylorExpand{T}"/>): f_tayl(θ, x) = Σ_{k ≤ Degree} (1/k!)·D^k f[θ0, x](θ − θ0)^k.
/// </summary>
public sealed class TaylorModel<T> : IDifferentiableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerBase _network;
    private readonly Parameters<T> _parameters0;

    internal TaylorModel(LayerBase network, Parameters<T> parameters0, int degree)
    {
        _network = network;
        _parameters0 = parameters0;
        Degree = degree;
    }

    /// <summary>The expanded network.</summary>
    public ILayer Network => _network;

    /// <summary>The expansion point θ0 (a copy: later changes to the caller's tree do not move it).</summary>
    public Parameters<T> Parameters0 => _parameters0.Clone();

    /// <summary>The degree of the expansion (1 for <see cref="Linearization.Linearize{T}"/>).</summary>
    public int Degree { get; }

    /// <summary>f_tayl(θ, x): the Taylor coefficients of t ↦ f(θ0 + t·(θ − θ0), x) up to <see cref="Degree"/>, summed.</summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is not shaped like θ0, or <paramref name="x"/> does not fit the network.</exception>
    public Tensor<T> Apply(Parameters<T> parameters, Tensor<T> x)
    {
        var jet = Expand(parameters, x);
        var sum = jet.Primal.Clone();
        for (int k = 1; k <= jet.Degree; k++)
            if (jet.Coefficients[k] is { } coefficient) System.Numerics.Tensors.TensorPrimitives.Add<T>(sum.Data, coefficient.Data, sum.Data);
        return sum;
    }

    /// <summary>
    /// The Taylor coefficients c_k = (1/k!)·D^k f[θ0, x](θ − θ0)^k for k = 0 … <see cref="Degree"/> (c_0 = f(θ0, x)).
    /// </summary>
    public IReadOnlyList<Tensor<T>> Coefficients(Parameters<T> parameters, Tensor<T> x)
    {
        var jet = Expand(parameters, x);
        return Enumerable.Range(0, jet.Degree + 1).Select(jet.Dense).ToArray();
    }

    /// <summary>
    /// The loss and its gradient in θ. For the linearization (degree 1) the gradient is J(θ0, x)ᵀ·∂L/∂f evaluated
    /// at f_lin(θ, x): one JVP for the outputs and one VJP at θ0.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="Degree"/> is not 1 (gradients of higher expansions need mixed derivatives).</exception>
    public (double Loss, Parameters<T> Gradient) LossAndGradient(Parameters<T> parameters, Tensor<T> x, Tensor<T> targets, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (Degree != 1)
            throw new NotSupportedException(
                $"Loss gradients are available for the linearization (degree 1); this model has degree {Degree}, whose gradient needs mixed higher derivatives.");
        var output = Apply(parameters, x);
        var cotangent = Tensor<T>.Zeros(output.Shape);
        double value = loss.Evaluate(output, targets, cotangent);
        _network.Forward(_parameters0, new[] { x }, out var residual);
        return (value, Differentiation.Vjp(_network, _parameters0, residual, cotangent));
    }

    private Jet<T> Expand(Parameters<T> parameters, Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        ParameterTree.CheckSameStructure(_parameters0, parameters, nameof(parameters), "θ0");
        Guard.MinRank(x, 2, nameof(x), "items × features");
        _network.OutputShape(x.Shape);
        var direction = ParameterTree.Subtract(parameters, _parameters0);
        return Differentiation.Taylor(_network, _parameters0, direction, x, Degree);
    }
}
