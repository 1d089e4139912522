namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// A sliding window over up to three spatial axes (unused axes have size 1), passed by value into device
/// kernels: input and output sizes, window, strides, zeros (or wrapped entries) before the first input element,
/// and whether indices wrap (circular padding).
/// </summary>
internal struct BoxGeometry
{
    public int In0, In1, In2;
    public int Out0, Out1, Out2;
    public int Win0, Win1, Win2;
    public int Stride0, Stride1, Stride2;
    public int Pad0, Pad1, Pad2;
    public int Circular;

    /// <summary>Nonzero for a transposed convolution: input i = (o + d − pad)/s where whole (indices wrap modulo in·s when circular).</summary>
    public int Transposed;

    /// <summary>Input positions.</summary>
    public readonly int InSize => In0 * In1 * In2;

    /// <summary>Output positions.</summary>
    public readonly int OutSize => Out0 * Out1 * Out2;

    /// <summary>Offsets in the window.</summary>
    public readonly int WindowSize => Win0 * Win1 * Win2;

    /// <summary>The input index along one axis for output index o and window offset d, or -1 when it falls in the zero padding.</summary>
    public static int MapAxis(int o, int d, int stride, int pad, int size, int circular)
    {
        int i = o * stride + d - pad;
        if (circular != 0)
        {
            i %= size;
            return i < 0 ? i + size : i;
        }
        return i < 0 || i >= size ? -1 : i;
    }

    /// <summary>The input index of a transposed window along one axis, or -1 between strided positions or outside (kernel-safe copy of <c>SpatialRules.TransposedSource</c>).</summary>
    public static int MapAxisTransposed(int o, int d, int stride, int pad, int size, int circular)
    {
        int j = o + d - pad;
        if (circular != 0)
        {
            int period = size * stride;
            j %= period;
            if (j < 0) j += period;
        }
        else if (j < 0) return -1;
        if (j % stride != 0) return -1;
        int i = j / stride;
        return i < size ? i : -1;
    }

    /// <summary>The input position for output position (o0, o1, o2) and window offset (d0, d1, d2), or -1 in the zero padding.</summary>
    public readonly int Map(int o0, int o1, int o2, int d0, int d1, int d2)
    {
        int i0 = Transposed != 0 ? MapAxisTransposed(o0, d0, Stride0, Pad0, In0, Circular) : MapAxis(o0, d0, Stride0, Pad0, In0, Circular);
        int i1 = Transposed != 0 ? MapAxisTransposed(o1, d1, Stride1, Pad1, In1, Circular) : MapAxis(o1, d1, Stride1, Pad1, In1, Circular);
        int i2 = Transposed != 0 ? MapAxisTransposed(o2, d2, Stride2, Pad2, In2, Circular) : MapAxis(o2, d2, Stride2, Pad2, In2, Circular);
        if (i0 < 0 || i1 < 0 || i2 < 0) return -1;
        return (i0 * In1 + i1) * In2 + i2;
    }
}
