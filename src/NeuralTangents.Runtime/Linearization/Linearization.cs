using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Numerics;

namespace NeuralTangents;

/// <summary>
/// Taylor models of a finite network in its parameters (Neural Tangents' <c>nt.linearize</c> and
/// <c>nt.taylor_expand</c>). The expansions run the network's apply code on Taylor jets (forward mode), so
/// every derivative is exact to rounding; nothing is differenced.
/// </summary>
public static class Linearization
{
    /// <summary>
    /// The linearization f_lin(θ, x) = f(θ0, x) + J(θ0, x)·(θ − θ0): the first-order Taylor model, computed
    /// with one JVP on dual numbers; training it by gradient descent follows the NTK dynamics of θ0 exactly.
    /// </summary>
    public static TaylorModel<T> Linearize<T>(ILayer network, Parameters<T> parameters0) where T : unmanaged, IFloatingPointIeee754<T> =>
        TaylorExpand(network, parameters0, 1);

    /// <summary>
    /// The Taylor model f_tayl(θ, x) = Σ_{k ≤ degree} (1/k!)·D^k f[θ0, x](θ − θ0)^k, i.e. the Taylor coefficients
    /// of t ↦ f(θ0 + t·(θ − θ0), x) summed at t = 1; its error is O(|θ − θ0|^(degree+1)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is negative or above <see cref="MaxDegree"/>.</exception>
    public static TaylorModel<T> TaylorExpand<T>(ILayer network, Parameters<T> parameters0, int degree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layer = LayerBase.From(network, nameof(network));
        ArgumentNullException.ThrowIfNull(parameters0);
        if (degree < 0 || degree > MaxDegree)
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"The degree must lie in [0, {MaxDegree}].");
        return new TaylorModel<T>(layer, parameters0.Clone(), degree);
    }

    /// <summary>The highest degree supported.</summary>
    public const int MaxDegree = TaylorSeries.MaxOrder;
}
