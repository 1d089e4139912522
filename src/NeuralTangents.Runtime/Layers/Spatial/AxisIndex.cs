using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// One entry of a <see cref="Stax.Index"/> index, as NumPy writes it: the whole axis (<c>:</c>), one position
/// (<c>3</c>, removes the axis) or a slice (<c>1:5:2</c>, negative positions count from the end, negative steps run
/// backwards).
/// </summary>
public readonly struct AxisIndex : IEquatable<AxisIndex>
{
    private AxisIndex(IndexEntry entry) => Entry = entry;

    /// <summary>The whole axis (<c>:</c>).</summary>
    public static AxisIndex All => new(new IndexEntry(IndexKind.All, null, null, 1));

    internal IndexEntry Entry { get; }

    /// <summary>One position (<c>i</c>); the axis is removed. Negative positions count from the end.</summary>
    public static AxisIndex At(int position) => new(new IndexEntry(IndexKind.At, position, null, 1));

    /// <summary>The slice <c>start:stop:step</c>; null ends are open, as in NumPy.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
    public static AxisIndex Slice(int? start = null, int? stop = null, int step = 1)
    {
        if (step == 0) throw new ArgumentOutOfRangeException(nameof(step), step, "A slice's step must be nonzero.");
        return new(new IndexEntry(IndexKind.Slice, start, stop, step));
    }

    /// <inheritdoc/>
    public bool Equals(AxisIndex other) => Entry.Equals(other.Entry);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AxisIndex other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Entry.GetHashCode();

    /// <summary>NumPy notation of this entry.</summary>
    public override string ToString() => Entry.ToString();

    /// <summary>Equality of entries.</summary>
    public static bool operator ==(AxisIndex left, AxisIndex right) => left.Equals(right);

    /// <summary>Inequality of entries.</summary>
    public static bool operator !=(AxisIndex left, AxisIndex right) => !left.Equals(right);
}
