using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// Neural Tangents' layout of returned kernels whose outputs keep spatial axes, and the map from a tile's
/// storage to it. A tile stores each pair's values position-major ([p] diagonal, [p, p'] full with p, p'
/// row-major over the spatial axes); Neural Tangents returns (N1, N2, H, W, …) in the diagonal form and the
/// "zipped" (N1, N2, H, H', W, W', …) in the full form (the two copies of each axis adjacent), and the
/// variances (N, H, W, …) or (N, H, H', W, W', …). The order of spatial pairs is always the canonical one
/// (Neural Tangents may return them reversed after an odd number of full-form convolutions; see its
/// <c>is_reversed</c>).
/// </summary>
internal sealed class SpatialResultLayout
{
    private SpatialResultLayout(SpatialLayout layout, int[] order, int[] transposed)
    {
        Layout = layout;
        Order = order;
        Transposed = transposed;
    }

    /// <summary>The storage layout of the last tile.</summary>
    public SpatialLayout Layout { get; }

    /// <summary>Values per pair of items.</summary>
    public int PerPair => Order.Length;

    /// <summary>For a stored value e of a pair (i, j), its offset in the pair's block of the result.</summary>
    public int[] Order { get; }

    /// <summary>For a stored value e of a pair (i, j), the offset of the same value in the block of the pair (j, i) (p and p' swapped).</summary>
    public int[] Transposed { get; }

    /// <summary>The result layout for tiles stored in <paramref name="layout"/> (diagonal or full).</summary>
    public static SpatialResultLayout For(SpatialLayout layout)
    {
        int size = layout.Size;
        if (layout.Form == SpatialForm.Diagonal)
        {
            var identity = Enumerable.Range(0, size).ToArray();
            return new SpatialResultLayout(layout, identity, identity);
        }
        var dims = layout.Dims;
        // Stride of the zipped pair (d, d') of axis a in a block of shape (d0, d0, d1, d1, …).
        var pairStride = new int[dims.Length];
        int stride = 1;
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            pairStride[a] = stride;
            stride *= dims[a] * dims[a];
        }
        var order = new int[size * size];
        var transposed = new int[size * size];
        var p = new int[dims.Length];
        var q = new int[dims.Length];
        for (int first = 0; first < size; first++)
        {
            Unravel(first, dims, p);
            for (int second = 0; second < size; second++)
            {
                Unravel(second, dims, q);
                int zipped = 0, swapped = 0;
                for (int a = 0; a < dims.Length; a++)
                {
                    zipped += (p[a] * dims[a] + q[a]) * pairStride[a];
                    swapped += (q[a] * dims[a] + p[a]) * pairStride[a];
                }
                order[first * size + second] = zipped;
                transposed[first * size + second] = swapped;
            }
        }
        return new SpatialResultLayout(layout, order, transposed);
    }

    /// <summary>The shape of nngp/ntk: (N1, N2, spatial…) diagonal, (N1, N2, d0, d0, d1, d1, …) full.</summary>
    public int[] KernelShape(int n1, int n2) => new[] { n1, n2 }.Concat(SpatialShape()).ToArray();

    /// <summary>The shape of the variances of <paramref name="n"/> items: (N, spatial…) or (N, d0, d0, d1, d1, …).</summary>
    public int[] VarianceShape(int n) => new[] { n }.Concat(SpatialShape()).ToArray();

    /// <summary>
    /// Copies a tile's rows × cols pairs (stored [pair, e]) into the result of N2 = <paramref name="n2"/> columns, and
    /// when <paramref name="mirror"/> also each pair's transpose into the place of (j, i).
    /// </summary>
    public void Place<T>(ReadOnlySpan<T> tile, T[] target, int n2, int r0, int rows, int c0, int cols, bool mirror) where T : unmanaged
    {
        int per = PerPair;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                var source = tile.Slice((r * cols + c) * per, per);
                long block = ((long)(r0 + r) * n2 + c0 + c) * per;
                for (int e = 0; e < per; e++) target[block + Order[e]] = source[e];
                if (!mirror) continue;
                long opposite = ((long)(c0 + c) * n2 + r0 + r) * per;
                for (int e = 0; e < per; e++) target[opposite + Transposed[e]] = source[e];
            }
    }

    /// <summary>Copies the variances of <paramref name="count"/> items (stored [item, e]) into the result from item <paramref name="first"/>.</summary>
    public void PlaceVariances<T>(ReadOnlySpan<T> tile, T[] target, int first, int count) where T : unmanaged
    {
        int per = PerPair;
        for (int i = 0; i < count; i++)
        {
            long block = (long)(first + i) * per;
            for (int e = 0; e < per; e++) target[block + Order[e]] = tile[i * per + e];
        }
    }

    private IEnumerable<int> SpatialShape() =>
        Layout.Form == SpatialForm.Full ? Layout.Dims.SelectMany(d => new[] { d, d }) : Layout.Dims;

    private static void Unravel(int flat, int[] dims, int[] index)
    {
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
    }
}
