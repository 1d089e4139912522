using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// Host orchestration of constant linear maps over spatial axes on whole tiles: each map M is applied to both
/// members of every covariance pair (K' = M K Mᵀ per axis) in the full form, or to the single position of the
/// diagonal form when every map is a selection (each output reads one input, so K'[o] = Σ_i M[o, i]²·K[i]).
/// </summary>
internal static class SpatialAxisMaps
{
    /// <summary>Applies <paramref name="maps"/> (in order) to every array of <paramref name="tile"/>; the input tile is disposed.</summary>
    public static KernelTile<T> Apply<T>(KernelEngine engine, KernelTile<T> tile, IReadOnlyList<AxisMatrix> maps) where T : unmanaged
    {
        var layout = tile.Layout;
        bool full = layout.Form == SpatialForm.Full;
        if (!full && maps.Any(m => !m.IsSelection))
            throw new InvalidOperationException($"A linear map that mixes positions received a {layout} covariance; it needs the full form (the layout requirement was not propagated).");
        var matrices = new List<MemoryBuffer1D<double, Stride1D.Dense>>();
        try
        {
            foreach (var map in maps)
            {
                var buffer = engine.Allocate<double>(map.Weights.Length);
                buffer.View.SubView(0, map.Weights.Length).CopyFromCPU(map.Weights);
                matrices.Add(buffer);
            }
            var nngp = Transform(engine, tile.Nngp, (long)tile.Rows * tile.Cols, layout, maps, matrices);
            var ntk = tile.Ntk is null ? null : Transform(engine, tile.Ntk, (long)tile.Rows * tile.Cols, layout, maps, matrices);
            var cov1 = Transform(engine, tile.Cov1, tile.Rows, layout, maps, matrices);
            var cov2 = Transform(engine, tile.Cov2, tile.Cols, layout, maps, matrices);
            var result = new KernelTile<T>(nngp, ntk, cov1, cov2, tile.Rows, tile.Cols, tile.Signature, OutputLayout(layout, maps))
                { Demand = tile.Demand, Origin = tile.Origin };
            tile.Dispose();
            return result;
        }
        finally
        {
            foreach (var m in matrices) m.Dispose();
        }
    }

    /// <summary>The layout after the maps: mapped axes take their output sizes, removed axes disappear.</summary>
    public static SpatialLayout OutputLayout(SpatialLayout input, IReadOnlyList<AxisMatrix> maps)
    {
        var dims = (int[])input.Dims.Clone();
        foreach (var map in maps) dims[map.Axis] = map.Out;
        var kept = dims.Where((_, a) => !maps.Any(m => m.Axis == a && m.Removes)).ToArray();
        return kept.Length == 0 ? SpatialLayout.None : new SpatialLayout(input.Form, kept);
    }

    private static MemoryBuffer1D<T, Stride1D.Dense> Transform<T>(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> source, long pairs,
        SpatialLayout layout, IReadOnlyList<AxisMatrix> maps, List<MemoryBuffer1D<double, Stride1D.Dense>> matrices) where T : unmanaged
    {
        var ops = DeviceOps<T>.Instance;
        bool full = layout.Form == SpatialForm.Full;
        var first = Pad3(layout.Dims);
        var second = Pad3(layout.Dims);
        var current = source;
        for (int m = 0; m < maps.Count; m++)
        {
            var map = maps[m];
            for (int side = 0; side < (full ? 2 : 1); side++)
            {
                var dims = side == 0 ? first : second;
                var other = side == 0 ? second : first;
                var geometry = new AxisMapGeometry
                {
                    In0 = dims[0], In1 = dims[1], In2 = dims[2],
                    OtherSize = full ? other[0] * other[1] * other[2] : 1,
                    Full = full ? 1 : 0,
                    Side = side,
                    Axis = map.Axis,
                    Out = map.Out,
                    Squared = full ? 0 : 1,
                };
                var next = engine.Allocate<T>(pairs * geometry.OutSize * geometry.OtherSize);
                ops.AxisMap(engine, current, next, matrices[m], pairs, geometry);
                engine.Accelerator.Synchronize();
                if (!ReferenceEquals(current, source)) current.Dispose();
                current = next;
                dims[map.Axis] = map.Out;
            }
        }
        if (ReferenceEquals(current, source))
        {
            // No map at all: still hand back a buffer of our own, since the input tile is disposed.
            long length = pairs * layout.EntriesPerPair;
            var copy = engine.Allocate<T>(length);
            copy.View.SubView(0, length).CopyFrom(source.View.SubView(0, length));
            return copy;
        }
        return current;
    }

    private static int[] Pad3(int[] values)
    {
        var result = new[] { 1, 1, 1 };
        Array.Copy(values, result, Math.Min(3, values.Length));
        return result;
    }
}
