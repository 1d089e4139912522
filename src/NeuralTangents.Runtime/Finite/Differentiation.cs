using System.Numerics;
using NeuralTangents.Layers;

namespace NeuralTangents.Finite;

/// <summary>
/// Derivatives of a finite network with respect to its parameters: reverse mode (VJPs) through the layers'
/// backward rules and forward mode (JVPs) through their jet rules.
/// </summary>
internal static class Differentiation
{
    /// <summary>
    /// Unit cotangents for every output element at once: a tensor of shape (items·R, …) where R is the number
    /// of output elements per item, whose row o (item o / R) is the unit vector of element o mod R.
    /// </summary>
    public static Tensor<T> UnitCotangents<T>(int[] outputShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = outputShape[0];
        int perItem = (int)(Tensor<T>.ElementCount(outputShape) / Math.Max(items, 1));
        var shape = (int[])outputShape.Clone();
        shape[0] = items * perItem;
        var cotangent = Tensor<T>.Zeros(shape);
        for (int o = 0; o < items * perItem; o++) cotangent.Data[(long)o * perItem + o % perItem] = T.One;
        return cotangent;
    }

    /// <summary>The gradient of ⟨cotangent, f(θ, x)⟩ with respect to θ (a VJP), as a tree shaped like the parameters.</summary>
    public static Parameters<T> Vjp<T>(LayerBase network, Parameters<T> parameters, object? residual, Tensor<T> cotangent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sink = new GradientSink<T>();
        network.Backward(parameters, residual, new[] { cotangent }, new BackwardContext<T>(1, sink));
        return sink.ToTree(parameters);
    }

    /// <summary>f(θ, x) and ∂f/∂θ·direction (a JVP), by one forward pass on dual numbers (degree-1 jets).</summary>
    public static (Tensor<T> Output, Tensor<T> Tangent) Jvp<T>(LayerBase network, Parameters<T> parameters, Parameters<T> direction, Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var jet = network.ForwardJet(parameters, direction, new[] { Jet<T>.Constant(x, 1) })[0];
        return (jet.Primal, jet.Dense(1));
    }

    /// <summary>The Taylor coefficients of t ↦ f(θ + t·direction, x) up to <paramref name="degree"/>.</summary>
    public static Jet<T> Taylor<T>(LayerBase network, Parameters<T> parameters, Parameters<T> direction, Tensor<T> x, int degree)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        network.ForwardJet(parameters, direction, new[] { Jet<T>.Constant(x, degree) })[0];
}
