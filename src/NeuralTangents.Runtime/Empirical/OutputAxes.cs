using NeuralTangents.Rules;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Neural Tangents' output layout for empirical kernels. Every output axis of f is one of: traced (summed
/// pairwise over x1 and x2 and divided by its size, then gone), diagonal (only equal indices on both sides,
/// one axis in the result) or free (two axes in the result, x1's then x2's). The result keeps the original
/// axis order: f(x) of shape (N, H, K) with trace (−1) and no diagonal gives (N1, N2, H1, H2); with diagonal (1)
/// it gives (N1, N2, H). Element o of an output decomposes into (d, f, c): its diagonal, free and traced indices.
/// </summary>
internal sealed class OutputAxes
{
    private readonly int[] _shape1, _shape2;
    private readonly AxisRole[] _roles;
    private readonly long[] _strideD, _stride1, _stride2;

    private OutputAxes(int[] shape1, int[] shape2, AxisRole[] roles)
    {
        _shape1 = shape1;
        _shape2 = shape2;
        _roles = roles;
        var result = new List<int>();
        var axisOf1 = new int[roles.Length];
        var axisOf2 = new int[roles.Length];
        for (int a = 0; a < roles.Length; a++)
        {
            axisOf1[a] = axisOf2[a] = -1;
            if (roles[a] == AxisRole.Diagonal) { axisOf1[a] = result.Count; result.Add(shape1[a]); }
            else if (roles[a] == AxisRole.Free)
            {
                axisOf1[a] = result.Count;
                result.Add(shape1[a]);
                axisOf2[a] = result.Count;
                result.Add(shape2[a]);
            }
        }
        ResultShape = result.ToArray();
        var strides = new long[ResultShape.Length];
        long stride = 1;
        for (int i = strides.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= ResultShape[i];
        }
        ResultLength = stride;
        _strideD = new long[roles.Length];
        _stride1 = new long[roles.Length];
        _stride2 = new long[roles.Length];
        for (int a = 0; a < roles.Length; a++)
        {
            if (roles[a] == AxisRole.Diagonal) _strideD[a] = strides[axisOf1[a]];
            if (roles[a] == AxisRole.Free)
            {
                _stride1[a] = strides[axisOf1[a]];
                _stride2[a] = strides[axisOf2[a]];
            }
        }
        TraceSize = 1;
        for (int a = 0; a < roles.Length; a++)
            if (roles[a] == AxisRole.Traced) TraceSize *= shape1[a];
    }

    private enum AxisRole { Free, Traced, Diagonal }

    /// <summary>The shape of the kernel.</summary>
    public int[] ResultShape { get; }

    /// <summary>The number of kernel entries.</summary>
    public long ResultLength { get; }

    /// <summary>The product of the traced axes' sizes (the kernel is divided by it).</summary>
    public long TraceSize { get; }

    /// <summary>True when the batch axis is traced or diagonal, so x1 item i meets only x2 item i.</summary>
    public bool BatchCoupled => _roles[0] != AxisRole.Free;

    /// <summary>Output elements per item.</summary>
    public int PerItem => (int)(Tensor<double>.ElementCount(_shape1) / Math.Max(_shape1[0], 1));

    /// <summary>
    /// Checks and canonicalizes the axes (negative values count from the end) for outputs of shapes
    /// <paramref name="shape1"/> (f(x1)) and <paramref name="shape2"/> (f(x2)).
    /// </summary>
    /// <exception cref="ArgumentException">An axis is out of range, repeated, both traced and diagonal, or couples batches of different sizes.</exception>
    public static OutputAxes Create(int[] shape1, int[] shape2, IReadOnlyList<int> traceAxes, IReadOnlyList<int> diagonalAxes)
    {
        int rank = shape1.Length;
        var roles = new AxisRole[rank];
        Assign(roles, traceAxes, AxisRole.Traced, "traceAxes", shape1);
        Assign(roles, diagonalAxes, AxisRole.Diagonal, "diagonalAxes", shape1);
        if (roles[0] != AxisRole.Free && shape1[0] != shape2[0])
            throw new ArgumentException(
                $"The batch axis (0) is {(roles[0] == AxisRole.Traced ? "traced" : "diagonal")}, which pairs item i of x1 with item i of x2, but x1 has {shape1[0]} items and x2 has {shape2[0]}.",
                roles[0] == AxisRole.Traced ? "traceAxes" : "diagonalAxes");
        return new OutputAxes(shape1, shape2, roles);
    }

    /// <summary>The layout of a block: items [start1, start1 + count1) of x1 against [start2, start2 + count2) of x2.</summary>
    public BlockLayout Block(int start1, int count1, int start2, int count2)
    {
        if (BatchCoupled && (start1 != start2 || count1 != count2))
            throw new InvalidOperationException("A coupled batch axis admits only diagonal blocks.");
        var side1 = Side(start1, count1, _shape1, _stride1);
        var side2 = Side(start2, count2, _shape2, _stride2);
        return new BlockLayout(side1, side2);
    }

    private BlockSide Side(int start, int count, int[] globalShape, long[] freeStrides)
    {
        var shape = (int[])globalShape.Clone();
        shape[0] = count;
        int length = (int)Tensor<double>.ElementCount(shape);
        int dSize = 1, fSize = 1, cSize = 1;
        foreach (var (role, a) in _roles.Select((r, a) => (r, a)))
        {
            if (role == AxisRole.Diagonal) dSize *= shape[a];
            else if (role == AxisRole.Free) fSize *= shape[a];
            else cSize *= shape[a];
        }
        var d = new int[length];
        var f = new int[length];
        var c = new int[length];
        var offsetD = new long[dSize];
        var offsetF = new long[fSize];
        var index = new int[shape.Length];
        for (int o = 0; o < length; o++)
        {
            int di = 0, fi = 0, ci = 0;
            long od = 0, of = 0;
            for (int a = 0; a < shape.Length; a++)
            {
                int local = index[a];
                long global = a == 0 ? start + local : local;
                switch (_roles[a])
                {
                    case AxisRole.Diagonal:
                        di = di * shape[a] + local;
                        od += global * _strideD[a];
                        break;
                    case AxisRole.Free:
                        fi = fi * shape[a] + local;
                        of += global * freeStrides[a];
                        break;
                    default:
                        ci = ci * shape[a] + local;
                        break;
                }
            }
            d[o] = di;
            f[o] = fi;
            c[o] = ci;
            offsetD[di] = od;
            offsetF[fi] = of;
            for (int a = shape.Length - 1; a >= 0 && ++index[a] == shape[a]; a--) index[a] = 0;
        }
        return new BlockSide(dSize, fSize, cSize, d, f, c, offsetD, offsetF, PerItem);
    }

    private static void Assign(AxisRole[] roles, IReadOnlyList<int> axes, AxisRole role, string argument, int[] shape)
    {
        foreach (int axis in axes)
        {
            int canonical = axis < 0 ? axis + roles.Length : axis;
            if (canonical < 0 || canonical >= roles.Length)
                throw new ArgumentException($"{argument} contains axis {axis}, outside the outputs of shape {Shapes.Format(shape)} (rank {roles.Length}).", argument);
            if (roles[canonical] != AxisRole.Free)
                throw new ArgumentException(
                    $"{argument} contains axis {axis}, which is already {(roles[canonical] == AxisRole.Traced ? "traced" : "diagonal")}; each output axis may be named once, in traceAxes or diagonalAxes.",
                    argument);
            roles[canonical] = role;
        }
    }
}

/// <summary>
/// One side of a block: for each output element o (row-major over the block's outputs), its diagonal, free and
/// traced indices, and the result offsets contributed by a diagonal index and by a free index.
/// </summary>
internal sealed record BlockSide(int DSize, int FSize, int CSize, int[] D, int[] F, int[] C, long[] OffsetD, long[] OffsetF, int PerItem)
{
    /// <summary>The item (block row) that output element <paramref name="o"/> belongs to.</summary>
    public int ItemOf(int o) => o / PerItem;

    /// <summary>
    /// For every (d, f, c) in that nesting order (or (d, c, f) when <paramref name="traceBeforeFree"/>), the
    /// output element it names.
    /// </summary>
    public int[] ElementsInOrder(bool traceBeforeFree)
    {
        var elements = new int[D.Length];
        for (int o = 0; o < D.Length; o++)
        {
            long position = traceBeforeFree
                ? ((long)D[o] * CSize + C[o]) * FSize + F[o]
                : ((long)D[o] * FSize + F[o]) * CSize + C[o];
            elements[position] = o;
        }
        return elements;
    }
}

/// <summary>Both sides of a block; matching elements share (d, c); the entry for (d, f1, f2) is at OffsetD[d] + Side1.OffsetF[f1] + Side2.OffsetF[f2].</summary>
internal sealed record BlockLayout(BlockSide Side1, BlockSide Side2)
{
    public long Offset(int d, int f1, int f2) => Side1.OffsetD[d] + Side1.OffsetF[f1] + Side2.OffsetF[f2];
}
