namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a resize of spatial axes, the same layer as
/// <see cref="Stax.ImageResize"/>, e.g. <c>[ImageResize(new[] { -1, 16, 16, -1 }, ResizeMethod.Linear)]</c>.
/// </summary>
public sealed class ImageResizeAttribute : LayerAttribute
{
    /// <summary>Declares the layer resizing to <paramref name="shape"/> (-1 keeps an axis) with <paramref name="method"/>.</summary>
    /// <param name="shape">The output shape, one entry per axis, -1 to keep one (batch and channels must be -1).</param>
    /// <param name="method">LINEAR or NEAREST.</param>
    public ImageResizeAttribute(int[] shape, ResizeMethod method)
    {
        Shape = shape;
        Method = method;
    }

    /// <summary>The output shape, -1 keeping an axis.</summary>
    public int[] Shape { get; }

    /// <summary>LINEAR or NEAREST.</summary>
    public ResizeMethod Method { get; }

    /// <summary>Whether LINEAR downsampling widens its filter (JAX's default, true).</summary>
    public bool Antialias { get; set; } = true;
}
