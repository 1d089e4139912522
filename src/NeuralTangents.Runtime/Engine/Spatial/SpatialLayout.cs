using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The trailing spatial layout of a tile's arrays: the form and the spatial axes (row-major positions).
/// A tile stores nngp/ntk as [pair, spatial entries] and the variances as [item, spatial entries].
/// </summary>
internal sealed record SpatialLayout(SpatialForm Form, int[] Dims)
{
    /// <summary>No spatial axes.</summary>
    public static SpatialLayout None { get; } = new(SpatialForm.None, System.Array.Empty<int>());

    /// <summary>The number of positions S.</summary>
    public int Size
    {
        get
        {
            int size = 1;
            foreach (int d in Dims) size *= d;
            return size;
        }
    }

    /// <summary>Stored values per pair of items: 1, S or S².</summary>
    public long EntriesPerPair => Form switch
    {
        SpatialForm.Diagonal => Size,
        SpatialForm.Full => (long)Size * Size,
        _ => 1,
    };

    /// <summary>The layout for the spatial axes of an activation shape (batch, spatial…, channels) in <paramref name="form"/>.</summary>
    public static SpatialLayout For(int[] shape, SpatialForm form)
    {
        if (shape.Length <= 2 || form == SpatialForm.None) return None;
        return new SpatialLayout(form, shape[1..^1]);
    }

    public override string ToString() => Form switch
    {
        SpatialForm.Diagonal => $"diagonal-spatial {string.Join("×", Dims)}",
        SpatialForm.Full => $"full {string.Join("×", Dims)} × {string.Join("×", Dims)}",
        _ => "no spatial axes",
    };
}
