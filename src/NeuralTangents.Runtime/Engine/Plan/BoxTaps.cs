using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A box filter's window read once into tables: for every output position and window offset the input position
/// (−1 in the zero padding), and, per offset, how a whole row of the second item's positions moves — a constant
/// shift (masked where it wraps across an edge) where the geometry allows it (stride 1, equal input and output sizes), else an index
/// map. The index arithmetic is <see cref="BoxGeometry.Map"/>'s, shared with the device kernels.
/// </summary>
internal sealed class BoxTaps<T> where T : unmanaged, System.Numerics.INumberBase<T>
{
    public BoxTaps(BoxGeometry geometry)
    {
        Geometry = geometry;
        Offsets = geometry.WindowSize;
        OutSize = geometry.OutSize;
        InSize = geometry.InSize;
        Sources = new int[OutSize * Offsets];
        for (int o0 = 0, o = 0; o0 < geometry.Out0; o0++)
            for (int o1 = 0; o1 < geometry.Out1; o1++)
                for (int o2 = 0; o2 < geometry.Out2; o2++, o++)
                    for (int d0 = 0, d = 0; d0 < geometry.Win0; d0++)
                        for (int d1 = 0; d1 < geometry.Win1; d1++)
                            for (int d2 = 0; d2 < geometry.Win2; d2++, d++)
                                Sources[o * Offsets + d] = geometry.Map(o0, o1, o2, d0, d1, d2);
        Shifts = new RowShift<T>[Offsets];
        for (int d = 0; d < Offsets; d++) Shifts[d] = ShiftFor(d);
        RowSources = new int[OutSize][];
        for (int o = 0; o < OutSize; o++)
        {
            var sources = new List<int>(Offsets);
            for (int d = 0; d < Offsets; d++)
                if (Source(o, d) >= 0) sources.Add(Source(o, d));
            RowSources[o] = sources.ToArray();
        }
    }

    /// <summary>Per output position, the input positions its window reads (offsets in the padding left out), in window order.</summary>
    public int[][] RowSources { get; }

    /// <summary>The window's geometry.</summary>
    public BoxGeometry Geometry { get; }

    /// <summary>Offsets in the window.</summary>
    public int Offsets { get; }

    /// <summary>Output positions.</summary>
    public int OutSize { get; }

    /// <summary>Input positions.</summary>
    public int InSize { get; }

    /// <summary>[output position · offsets + offset] → input position, or −1.</summary>
    public int[] Sources { get; }

    /// <summary>Per offset, how a row of positions moves.</summary>
    public RowShift<T>[] Shifts { get; }

    /// <summary>The input position for output <paramref name="output"/> at window offset <paramref name="offset"/>, or −1.</summary>
    public int Source(int output, int offset) => Sources[output * Offsets + offset];

    private RowShift<T> ShiftFor(int d)
    {
        int? shift = null;
        bool constant = true;
        // Pinned once (the pinned object heap), so the filter's inner loop can read it through a pointer.
        var mask = GC.AllocateArray<T>(OutSize, pinned: true);
        for (int o = 0; o < OutSize; o++)
        {
            int source = Source(o, d);
            if (source < 0) continue;
            mask[o] = T.One;
            shift ??= source - o;
            constant &= source - o == shift;
        }
        if (shift is null) return new RowShift<T>(0, 0, 0, null, null);
        if (!constant)
        {
            var map = new int[OutSize];
            for (int o = 0; o < OutSize; o++) map[o] = Source(o, d);
            return new RowShift<T>(0, 0, 0, null, map);
        }
        int s = shift.Value;
        int first = Math.Max(0, -s), end = Math.Min(OutSize, InSize - s);
        bool wraps = false;
        for (int o = first; o < end; o++) wraps |= mask[o] == T.Zero;
        return new RowShift<T>(s, first, end, wraps ? mask : null, null);
    }
}

/// <summary>
/// How one window offset moves a row of positions: output o reads input o + <see cref="Shift"/> for o in
/// [<see cref="First"/>, <see cref="End"/>), times <see cref="Mask"/>[o] (0 where the shifted index crossed an edge of the
/// image into the next line; null when it never does); or, when no constant shift exists, input <see cref="Map"/>[o]
/// (−1: none).
/// </summary>
internal sealed record RowShift<T>(int Shift, int First, int End, T[]? Mask, int[]? Map) where T : unmanaged;
