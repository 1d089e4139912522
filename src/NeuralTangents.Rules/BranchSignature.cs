namespace NeuralTangents.Rules;

/// <summary>
/// What the rules know about one branch flowing between layers: the finite network's activation shape
/// (batch axis first, -1 where the batch size is not known) and whether, in the infinite-width limit, the
/// activations are Gaussian pre-activations (true right after a random affine layer).
/// </summary>
internal sealed class BranchSignature
{
    /// <summary>Creates a signature; the shape array is copied.</summary>
    public BranchSignature(int[] shape, bool isGaussian)
    {
        Shape = (int[])shape.Clone();
        IsGaussian = isGaussian;
    }

    /// <summary>The activation shape, batch axis first.</summary>
    public int[] Shape { get; }

    /// <summary>Whether the branch carries Gaussian pre-activations in the infinite-width limit.</summary>
    public bool IsGaussian { get; }

    /// <summary>The channel (last) axis size.</summary>
    public int Channels => Shape[Shape.Length - 1];

    /// <summary>The same branch with another shape.</summary>
    public BranchSignature WithShape(int[] shape) => new BranchSignature(shape, IsGaussian);

    /// <summary>The same branch with another Gaussian flag.</summary>
    public BranchSignature WithGaussian(bool isGaussian) => new BranchSignature(Shape, isGaussian);

    /// <summary>The shape as text, e.g. <c>(-1, 28, 28, 1)</c>.</summary>
    public string ShapeText => Shapes.Format(Shape);
}
