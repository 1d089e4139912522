using System;
using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>How one axis is indexed by the Index layer (NumPy's <c>x[idx]</c> entry for that axis).</summary>
internal enum IndexKind
{
    /// <summary>The whole axis (<c>:</c>).</summary>
    All = 0,

    /// <summary>One position; the axis is removed (<c>i</c>, negative counts from the end).</summary>
    At = 1,

    /// <summary>A slice <c>start:stop:step</c> with NumPy's rules (missing ends, negative indices and steps).</summary>
    Slice = 2,
}

/// <summary>One axis of an Index layer's index: whole, one position, or a slice.</summary>
internal readonly struct IndexEntry : IEquatable<IndexEntry>
{
    /// <summary>Creates an entry; <paramref name="start"/>/<paramref name="stop"/> null are the slice's open ends.</summary>
    public IndexEntry(IndexKind kind, int? start, int? stop, int step)
    {
        Kind = kind;
        Start = start;
        Stop = stop;
        Step = step;
    }

    /// <summary>The whole axis.</summary>
    public IndexKind Kind { get; }

    /// <summary>The position (At) or the slice's start (null: from the beginning, or the end for negative steps).</summary>
    public int? Start { get; }

    /// <summary>The slice's stop (exclusive; null: to the end, or before the beginning for negative steps).</summary>
    public int? Stop { get; }

    /// <summary>The slice's step (nonzero).</summary>
    public int Step { get; }

    /// <summary>The positions this entry selects from an axis of <paramref name="size"/>, in order (NumPy's <c>slice.indices</c>), or null when an At position is out of range.</summary>
    public int[]? Positions(int size)
    {
        switch (Kind)
        {
            case IndexKind.All:
            {
                var all = new int[size];
                for (int i = 0; i < size; i++) all[i] = i;
                return all;
            }
            case IndexKind.At:
            {
                int i = Start ?? 0;
                if (i < 0) i += size;
                return i < 0 || i >= size ? null : new[] { i };
            }
            default:
            {
                int step = Step;
                int start, stop;
                if (step > 0)
                {
                    start = Start is int s ? Clamp(s < 0 ? s + size : s, 0, size) : 0;
                    stop = Stop is int e ? Clamp(e < 0 ? e + size : e, 0, size) : size;
                }
                else
                {
                    start = Start is int s ? Clamp(s < 0 ? s + size : s, -1, size - 1) : size - 1;
                    stop = Stop is int e ? Clamp(e < 0 ? e + size : e, -1, size - 1) : -1;
                }
                int count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
                var result = new int[count];
                for (int k = 0; k < count; k++) result[k] = start + k * step;
                return result;
            }
        }
    }

    /// <summary>NumPy notation: <c>:</c>, <c>3</c>, <c>1:5:2</c>.</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case IndexKind.All: return ":";
            case IndexKind.At: return (Start ?? 0).ToString(CultureInfo.InvariantCulture);
            default:
                string text = (Start?.ToString(CultureInfo.InvariantCulture) ?? "") + ":" + (Stop?.ToString(CultureInfo.InvariantCulture) ?? "");
                return Step == 1 ? text : text + ":" + Step.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc/>
    public bool Equals(IndexEntry other) => Kind == other.Kind && Start == other.Start && Stop == other.Stop && Step == other.Step;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IndexEntry other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((((int)Kind * 397) ^ (Start ?? int.MinValue)) * 397 ^ (Stop ?? int.MinValue)) * 397 ^ Step;

    private static int Clamp(int value, int low, int high) => value < low ? low : value > high ? high : value;
}
