using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Host orchestration of the spatial kernel rules: window geometries and box filters over whole tiles.</summary>
internal static class SpatialTiles
{
    /// <summary>The geometry of a sliding window over <paramref name="inDims"/> (1 to 3 spatial axes).</summary>
    public static BoxGeometry Window(int[] inDims, int[] window, int[] strides, SpatialPadding padding) =>
        Window(inDims, window, strides, padding, transposed: false);

    /// <summary>The geometry of a transposed convolution's window over <paramref name="inDims"/> (1 to 3 spatial axes).</summary>
    public static BoxGeometry TransposedWindow(int[] inDims, int[] window, int[] strides, SpatialPadding padding) =>
        Window(inDims, window, strides, padding, transposed: true);

    private static BoxGeometry Window(int[] inDims, int[] window, int[] strides, SpatialPadding padding, bool transposed)
    {
        var input = Pad3(inDims);
        var win = Pad3(window);
        var stride = Pad3(strides);
        var output = new int[3];
        var pad = new int[3];
        for (int a = 0; a < 3; a++)
        {
            if (a >= inDims.Length)
            {
                output[a] = 1;
                continue;
            }
            output[a] = transposed ? SpatialRules.TransposedOutputSize(input[a], win[a], stride[a], padding) : SpatialRules.OutputSize(input[a], win[a], stride[a], padding);
            pad[a] = transposed ? SpatialRules.TransposedPadBefore(win[a], stride[a], padding) : SpatialRules.PadBefore(input[a], win[a], stride[a], padding);
        }
        return new BoxGeometry
        {
            In0 = input[0], In1 = input[1], In2 = input[2],
            Out0 = output[0], Out1 = output[1], Out2 = output[2],
            Win0 = win[0], Win1 = win[1], Win2 = win[2],
            Stride0 = stride[0], Stride1 = stride[1], Stride2 = stride[2],
            Pad0 = pad[0], Pad1 = pad[1], Pad2 = pad[2],
            Circular = padding == SpatialPadding.Circular ? 1 : 0,
            Transposed = transposed ? 1 : 0,
        };
    }

    /// <summary>A window covering every position once (global pooling and Flatten): one output position.</summary>
    public static BoxGeometry Whole(int[] dims) => Window(dims, dims, Ones(dims.Length), SpatialPadding.Valid);

    /// <summary>The identity window (used to read the diagonal of a full covariance).</summary>
    public static BoxGeometry Identity(int[] dims) => Window(dims, Ones(dims.Length), Ones(dims.Length), SpatialPadding.Valid);

    /// <summary>The same-position variances var[item, p] of a covariance array in <paramref name="layout"/>, as a new buffer.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Variances<T>(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> cov, int items, SpatialLayout layout)
        where T : unmanaged
    {
        var result = engine.Allocate<T>((long)items * layout.Size);
        if (layout.Form == SpatialForm.Full)
            DeviceOps<T>.Instance.Box(engine, cov, result, items, Identity(layout.Dims), inFull: true, outFull: false, independent: false, scale: 1);
        else
            result.View.SubView(0, (long)items * layout.Size).CopyFrom(cov.View.SubView(0, (long)items * layout.Size));
        return result;
    }

    /// <summary>
    /// Applies one box filter to every array of <paramref name="tile"/> (nngp, ntk, both variances), giving a
    /// tile in <paramref name="outLayout"/>; the input tile is disposed.
    /// </summary>
    public static KernelTile<T> Apply<T>(KernelEngine engine, KernelTile<T> tile, BoxGeometry geometry, SpatialLayout outLayout, bool independent, double scale)
        where T : unmanaged
    {
        var ops = DeviceOps<T>.Instance;
        bool inFull = tile.Layout.Form == SpatialForm.Full, outFull = outLayout.Form == SpatialForm.Full;
        if (independent && !inFull)
            throw new InvalidOperationException($"A pooling rule received a {tile.Layout} covariance; it needs the full form (the layout requirement was not propagated).");
        long per = outLayout.EntriesPerPair;
        var nngp = engine.Allocate<T>((long)tile.Rows * tile.Cols * per);
        ops.Box(engine, tile.Nngp, nngp, (long)tile.Rows * tile.Cols, geometry, inFull, outFull, independent, scale);
        MemoryBuffer1D<T, Stride1D.Dense>? ntk = null;
        if (tile.Ntk is not null)
        {
            ntk = engine.Allocate<T>((long)tile.Rows * tile.Cols * per);
            ops.Box(engine, tile.Ntk, ntk, (long)tile.Rows * tile.Cols, geometry, inFull, outFull, independent, scale);
        }
        var cov1 = engine.Allocate<T>(tile.Rows * per);
        ops.Box(engine, tile.Cov1, cov1, tile.Rows, geometry, inFull, outFull, independent, scale);
        var cov2 = engine.Allocate<T>(tile.Cols * per);
        ops.Box(engine, tile.Cov2, cov2, tile.Cols, geometry, inFull, outFull, independent, scale);
        engine.Accelerator.Synchronize();
        var result = new KernelTile<T>(nngp, ntk, cov1, cov2, tile.Rows, tile.Cols, tile.Signature, outLayout) { Demand = tile.Demand, Origin = tile.Origin, Mask1 = tile.Mask1, Mask2 = tile.Mask2 };
        tile.Dispose();
        return result;
    }

    /// <summary>Keeps only the same-position entries of a full tile (when no later layer needs the rest).</summary>
    public static KernelTile<T> ToDiagonal<T>(KernelEngine engine, KernelTile<T> tile) where T : unmanaged =>
        tile.Layout.Form != SpatialForm.Full
            ? tile
            : Apply(engine, tile, Identity(tile.Layout.Dims), new SpatialLayout(SpatialForm.Diagonal, tile.Layout.Dims), independent: false, scale: 1);

    private static int[] Pad3(int[] values)
    {
        var result = new[] { 1, 1, 1 };
        Array.Copy(values, result, Math.Min(3, values.Length));
        return result;
    }

    private static int[] Ones(int count)
    {
        var result = new int[count];
        Array.Fill(result, 1);
        return result;
    }
}
