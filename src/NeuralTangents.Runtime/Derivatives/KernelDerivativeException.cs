namespace NeuralTangents;

/// <summary>
/// A kernel derivative that does not exist: a nonlinearity whose dual has an infinite slope at an entry where the
/// derivative needs that slope (the arc-cosine family — Relu, LeakyRelu, Abs, Sign, RectifiedMonomial(0 or 1) — at
/// perfect correlation ρ = ±1 between two different items or positions, e.g. two identical inputs in x1 and x2).
/// An item against itself at the same position is never such an entry: there the slopes along the diagonal are used.
/// </summary>
public sealed class KernelDerivativeException : ArithmeticException
{
    /// <summary>Creates the exception for <paramref name="layer"/> at <paramref name="entry"/> for <paramref name="reason"/>.</summary>
    public KernelDerivativeException(string layer, string entry, string reason)
        : base($"The kernel's derivative does not exist at {entry}, in layer {layer}: {reason}")
    {
        Layer = layer;
        Entry = entry;
        Reason = reason;
    }

    /// <summary>The layer (its name) whose rule has no derivative there.</summary>
    public string Layer { get; }

    /// <summary>The kernel entry, in words (items and positions).</summary>
    public string Entry { get; }

    /// <summary>Why the derivative does not exist.</summary>
    public string Reason { get; }
}
