using NeuralTangents.Engine;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// Neural Tangents' <c>Index</c>: NumPy-style indexing of the spatial axes (slices keep an axis, integers remove it).
/// The kernel applies the same index to both members of every position pair; a selection keeps the diagonal form.
/// The batch axis takes only ':' (the kernel is computed in tiles of items) and the channel axis only ':'.
/// </summary>
internal sealed class Indexing : SpatialLinearMap
{
    private readonly IndexEntry[] _index;

    public Indexing(IndexEntry[] index)
    {
        _index = (IndexEntry[])index.Clone();
        if (LinearMapRules.IndexConstruction(Name, _index) is { } violation) throw new NetworkDefinitionException(violation);
    }

    /// <summary>The index, one entry per leading axis (batch first).</summary>
    public IReadOnlyList<IndexEntry> Entries => _index;

    public override string Name => LinearMapRules.IndexName(_index);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LinearMapRules.Index(Name, input, _index);

    internal override bool NeedsFullCovariance => false;

    internal override IReadOnlyList<AxisMatrix> MapsFor(int[] inputShape)
    {
        var maps = new List<AxisMatrix>();
        for (int a = 1; a < Math.Min(_index.Length, inputShape.Length - 1); a++)
        {
            var entry = _index[a];
            if (entry.Kind == IndexKind.All) continue;
            int size = inputShape[a];
            var positions = entry.Positions(size)!;
            var weights = new double[positions.Length * size];
            for (int k = 0; k < positions.Length; k++) weights[k * size + positions[k]] = 1;
            maps.Add(new AxisMatrix(a - 1, positions.Length, size, weights, entry.Kind == IndexKind.At));
        }
        return maps;
    }
}
