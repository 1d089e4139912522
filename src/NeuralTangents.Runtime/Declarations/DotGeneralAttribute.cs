namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a contraction of one spatial axis with a
/// constant vector, which removes the axis, the same layer as <see cref="Stax.DotGeneral(double[], int)"/>, e.g.
/// <c>[DotGeneral(new[] { 1.0, -1.0 }, 1)]</c>. Attributes cannot hold matrices: declare
/// <see cref="Stax.DotGeneral(double[,], int)"/> in the fluent form.
/// </summary>
public sealed class DotGeneralAttribute : LayerAttribute
{
    /// <summary>Declares the contraction of axis <paramref name="axis"/> with <paramref name="weights"/>.</summary>
    /// <param name="weights">The constant, one entry per position of the axis.</param>
    /// <param name="axis">The input axis (1 to rank − 2; negative counts from the end).</param>
    public DotGeneralAttribute(double[] weights, int axis)
    {
        Weights = weights;
        Axis = axis;
    }

    /// <summary>The constant, one entry per position of the axis.</summary>
    public double[] Weights { get; }

    /// <summary>The contracted input axis.</summary>
    public int Axis { get; }
}
