namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// How LayerNorm splits one item of a (batch, spatial…, channels) activation into the sets it normalizes:
/// one group per combination of coordinates on the spatial axes not normalized, holding every channel at
/// every position that shares them. Channel-only LayerNorm has one group per position.
/// </summary>
internal sealed class NormalizationGroups
{
    private NormalizationGroups(int[][] members, int[] groupOfPosition)
    {
        Members = members;
        GroupOfPosition = groupOfPosition;
    }

    /// <summary>Per group, the offsets within an item (ascending) of the values it normalizes together.</summary>
    public int[][] Members { get; }

    /// <summary>The group of every position (row-major over the spatial axes).</summary>
    public int[] GroupOfPosition { get; }

    /// <summary>Groups per item.</summary>
    public int Count => Members.Length;

    /// <summary>The groups of an item of <paramref name="shape"/> (batch first, channels last) normalized over <paramref name="spatialAxes"/> (0-based among the spatial axes) and the channels.</summary>
    public static NormalizationGroups For(int[] shape, int[] spatialAxes)
    {
        var dims = shape[1..^1];
        int channels = shape[^1], positions = 1;
        foreach (int d in dims) positions *= d;
        var groupOf = new int[positions];
        var kept = Enumerable.Range(0, dims.Length).Where(a => !spatialAxes.Contains(a)).ToArray();
        int count = 1;
        foreach (int a in kept) count *= dims[a];
        var lists = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var coordinates = new int[dims.Length];
        for (int p = 0; p < positions; p++)
        {
            int rest = p;
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                coordinates[a] = rest % dims[a];
                rest /= dims[a];
            }
            int g = 0;
            foreach (int a in kept) g = g * dims[a] + coordinates[a];
            groupOf[p] = g;
            for (int c = 0; c < channels; c++) lists[g].Add(p * channels + c);
        }
        return new NormalizationGroups(lists.Select(l => l.ToArray()).ToArray(), groupOf);
    }
}
