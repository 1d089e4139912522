using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Finite;

/// <summary>
/// A sliding window over the spatial axes of activations (batch, spatial…, channels) on the host: for every
/// output position and window offset, the input position it reads (row-major), or -1 in the zero padding.
/// Conv gathers these positions into patches; the pools sum them.
/// </summary>
internal sealed class SpatialWindow
{
    private SpatialWindow(int[] inDims, int[] outDims, int windowSize, int[] table)
    {
        InDims = inDims;
        OutDims = outDims;
        WindowSize = windowSize;
        Table = table;
    }

    public int[] InDims { get; }

    public int[] OutDims { get; }

    public int InPositions => Product(InDims);

    public int OutPositions => Product(OutDims);

    public int WindowSize { get; }

    /// <summary>[outPosition · WindowSize + offset] → input position or -1.</summary>
    public int[] Table { get; }

    public static SpatialWindow Create(int[] inDims, int[] window, int[] strides, SpatialPadding padding)
    {
        int rank = inDims.Length;
        var outDims = new int[rank];
        var pads = new int[rank];
        for (int a = 0; a < rank; a++)
        {
            outDims[a] = SpatialRules.OutputSize(inDims[a], window[a], strides[a], padding);
            pads[a] = SpatialRules.PadBefore(inDims[a], window[a], strides[a], padding);
        }
        return Build(inDims, outDims, window, (a, o, d) =>
        {
            int i = o * strides[a] + d - pads[a];
            if (padding == SpatialPadding.Circular) return ((i % inDims[a]) + inDims[a]) % inDims[a];
            return i < 0 || i >= inDims[a] ? -1 : i;
        });
    }

    /// <summary>
    /// The window of a transposed convolution: output position o and offset d read input (o + d − pad)/s where that
    /// is a whole input index (see <see cref="SpatialRules.TransposedSource"/>), so each input position feeds a
    /// window of outputs, strides apart.
    /// </summary>
    public static SpatialWindow CreateTransposed(int[] inDims, int[] window, int[] strides, SpatialPadding padding)
    {
        int rank = inDims.Length;
        var outDims = new int[rank];
        var pads = new int[rank];
        for (int a = 0; a < rank; a++)
        {
            outDims[a] = SpatialRules.TransposedOutputSize(inDims[a], window[a], strides[a], padding);
            pads[a] = SpatialRules.TransposedPadBefore(window[a], strides[a], padding);
        }
        return Build(inDims, outDims, window, (a, o, d) => SpatialRules.TransposedSource(o, d, strides[a], pads[a], inDims[a], padding));
    }

    /// <summary>The table from a per-axis map (axis, output index, offset) → input index or -1.</summary>
    private static SpatialWindow Build(int[] inDims, int[] outDims, int[] window, Func<int, int, int, int> source)
    {
        int rank = inDims.Length;
        int windowSize = Product(window), outPositions = Product(outDims);
        var table = new int[outPositions * windowSize];
        var o = new int[rank];
        var d = new int[rank];
        for (int op = 0; op < outPositions; op++)
        {
            Unravel(op, outDims, o);
            for (int w = 0; w < windowSize; w++)
            {
                Unravel(w, window, d);
                int position = 0;
                for (int a = 0; a < rank; a++)
                {
                    int i = source(a, o[a], d[a]);
                    if (i < 0) { position = -1; break; }
                    position = position * inDims[a] + i;
                }
                table[op * windowSize + w] = position;
            }
        }
        return new SpatialWindow(inDims, outDims, windowSize, table);
    }

    /// <summary>
    /// Patches: (items, outPositions, WindowSize·channels) with the window offsets outer and channels inner,
    /// matching a filter stored as (window…, C_in, C_out).
    /// </summary>
    public Tensor<T> Gather<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = x.Dim(0), channels = x.Dim(-1), inPositions = InPositions, outPositions = OutPositions;
        var patches = Tensor<T>.Zeros(items, outPositions, WindowSize * channels);
        for (int n = 0; n < items; n++)
            for (int op = 0; op < outPositions; op++)
                for (int w = 0; w < WindowSize; w++)
                {
                    int source = Table[op * WindowSize + w];
                    if (source < 0) continue;
                    x.Data.AsSpan(((n * inPositions) + source) * channels, channels)
                        .CopyTo(patches.Data.AsSpan(((n * outPositions + op) * WindowSize + w) * channels, channels));
                }
        return patches;
    }

    /// <summary>The adjoint of <see cref="Gather{T}"/>: patch cotangents summed back onto input positions (shape (rows, InDims…, channels)).</summary>
    public Tensor<T> Scatter<T>(Tensor<T> patches, int channels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = patches.Dim(0), inPositions = InPositions, outPositions = OutPositions;
        var x = Tensor<T>.Zeros(Shape(rows, InDims, channels));
        for (int n = 0; n < rows; n++)
            for (int op = 0; op < outPositions; op++)
                for (int w = 0; w < WindowSize; w++)
                {
                    int target = Table[op * WindowSize + w];
                    if (target < 0) continue;
                    var from = patches.Data.AsSpan(((n * outPositions + op) * WindowSize + w) * channels, channels);
                    var to = x.Data.AsSpan((n * inPositions + target) * channels, channels);
                    System.Numerics.Tensors.TensorPrimitives.Add<T>(to, from, to);
                }
        return x;
    }

    /// <summary>Pooling: y[n, o, c] = scale · Σ_window x[n, table[o, w], c].</summary>
    public Tensor<T> Pool<T>(Tensor<T> x, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = x.Dim(0), channels = x.Dim(-1);
        var patches = Gather(x);
        var y = Tensor<T>.Zeros(Shape(items, OutDims, channels));
        var factor = T.CreateTruncating(scale);
        for (int r = 0; r < items * OutPositions; r++)
        {
            var to = y.Data.AsSpan(r * channels, channels);
            for (int w = 0; w < WindowSize; w++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(patches.Data.AsSpan((r * WindowSize + w) * channels, channels), factor, to, to);
        }
        return y;
    }

    /// <summary>The adjoint of <see cref="Pool{T}"/> for cotangents of shape (rows, OutDims…, channels).</summary>
    public Tensor<T> PoolBackward<T>(Tensor<T> cotangent, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = cotangent.Dim(0), channels = cotangent.Dim(-1);
        var patches = Tensor<T>.Zeros(rows, OutPositions, WindowSize * channels);
        var factor = T.CreateTruncating(scale);
        for (int r = 0; r < rows * OutPositions; r++)
        {
            var from = cotangent.Data.AsSpan(r * channels, channels);
            for (int w = 0; w < WindowSize; w++)
                System.Numerics.Tensors.TensorPrimitives.Multiply<T>(from, factor, patches.Data.AsSpan((r * WindowSize + w) * channels, channels));
        }
        return Scatter(patches, channels);
    }

    /// <summary>(rows, dims…, channels).</summary>
    public static int[] Shape(int rows, int[] dims, int channels)
    {
        var shape = new int[dims.Length + 2];
        shape[0] = rows;
        dims.CopyTo(shape, 1);
        shape[^1] = channels;
        return shape;
    }

    private static int Product(int[] values)
    {
        int product = 1;
        foreach (int v in values) product *= v;
        return product;
    }

    private static void Unravel(int index, int[] dims, int[] result)
    {
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            result[a] = index % dims[a];
            index /= dims[a];
        }
    }
}
