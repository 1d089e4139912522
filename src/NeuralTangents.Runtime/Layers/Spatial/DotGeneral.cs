using NeuralTangents.Engine;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// Neural Tangents' <c>DotGeneral</c> with a constant: y = M·x along one spatial axis (the result keeps the axis's
/// place, rows(M) entries) or a contraction with a vector (the axis is removed), the same for every channel. The
/// kernel is K' = M K Mᵀ on that axis, which mixes positions, so it needs the full covariance (a permutation or
/// selection keeps the diagonal form). The batch axis cannot be contracted (that needs the full batch × batch
/// covariance) and the channel axis may not be (it is the infinite-width axis).
/// </summary>
internal sealed class DotGeneral : SpatialLinearMap
{
    private readonly double[] _weights;

    public DotGeneral(double[] weights, int rows, int columns, int axis, bool vector)
    {
        _weights = (double[])weights.Clone();
        Rows = rows;
        Columns = columns;
        Axis = axis;
        IsVector = vector;
        if (LinearMapRules.DotGeneralConstruction(Name, rows, columns, axis, vector) is { } violation) throw new NetworkDefinitionException(violation);
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>The contracted axis of the input (negative counts from the end).</summary>
    public int Axis { get; }

    /// <summary>Whether the constant is a vector (the axis is removed).</summary>
    public bool IsVector { get; }

    /// <summary>The constant, row-major.</summary>
    public IReadOnlyList<double> Weights => _weights;

    public override string Name => LinearMapRules.DotGeneralName(Axis, Rows, Columns, IsVector);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LinearMapRules.DotGeneral(Name, input, Rows, Columns, Axis, IsVector);

    internal override bool NeedsFullCovariance => LinearMapRules.DotGeneralNeedsFull(_weights, Rows, Columns);

    internal override IReadOnlyList<AxisMatrix> MapsFor(int[] inputShape)
    {
        int axis = Axis < 0 ? Axis + inputShape.Length : Axis;
        return new[] { new AxisMatrix(axis - 1, Rows, Columns, _weights, IsVector) };
    }
}
