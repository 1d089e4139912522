using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// Runs a <see cref="PairPlan{T}"/> on the engine's accelerator with pairs across threads: the inputs go to the
/// device once; a variance run per input records, once per item, the variances every nonlinearity reads; then tiles
/// of row × column items (only those on and above the diagonal when x2 is x1), each one batch whose lanes are its
/// pairs, run the plan's steps and come back as one row of values per tile. Cancellation is checked and progress
/// reported after every tile.
/// </summary>
internal static class DevicePlanRunner
{
    /// <summary>Device bytes one pair needs at most: the state and a filter's output (nngp and ntk), and a copy per open residual branch, at the largest size any step reaches.</summary>
    public static long BytesPerPair<T>(PairPlan<T> plan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long positions = Math.Max(plan.Positions, LargestBox(plan.Nodes));
        long perArray = plan.InputForm == SpatialForm.Full ? positions * positions : positions;
        return perArray * Marshal.SizeOf<T>() * 2 * 4;
    }

    /// <summary>Computes the kernel of x1 (n1 items) against x2 (n2 items; x1 itself when <paramref name="x1IsX2"/>) into the result arrays.</summary>
    public static void Run<T>(PairPlan<T> plan, KernelEngine engine, T[] x1, int n1, T[] x2, int n2, bool x1IsX2, T[]? nngp, T[]? ntk, T[] cov1, T[] cov2,
        KernelOptions options, Stopwatch stopwatch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The inputs and the variance tables stay on the device for the whole computation; the tiles get what is left
        // of the budget (at most the responsive tile size).
        long deviceBudget = options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes;
        long elementSize = Marshal.SizeOf<T>();
        long resident = (x1.LongLength + (x1IsX2 ? 0 : x2.LongLength) + TableValues(plan, n1) + (x1IsX2 ? 0 : TableValues(plan, n2))) * elementSize;
        long perPair = BytesPerPair(plan);
        if (resident + perPair > deviceBudget)
            throw new InsufficientMemoryException(
                $"The device plan needs {resident} bytes on {engine.DeviceName} for the inputs ({n1}{(x1IsX2 ? "" : $" and {n2}")} items) and the variance tables of its " +
                $"{plan.Duals.Count} nonlinearities, plus {perPair} bytes per pair, more than the memory budget of {deviceBudget} bytes " +
                "(KernelOptions.MemoryBudgetBytes, by default half the device's memory); compute the kernel in blocks of x1's and x2's items.");
        long budget = Math.Min(deviceBudget - resident, engine.ResponsiveTileBytes);
        long pairsPerBatch = Math.Max(1, budget / perPair);
        using var inputs1 = engine.Allocate<T>(x1.LongLength);
        inputs1.View.CopyFromCPU(x1);
        using var inputs2 = x1IsX2 ? null : engine.Allocate<T>(x2.LongLength);
        inputs2?.View.CopyFromCPU(x2);
        var view2 = (inputs2 ?? inputs1).View;
        // About one tile's working memory kept between tiles (every tile allocates the same sizes).
        using var pool = new DeviceBufferPool<T>(engine, budget);
        using var rows = new DeviceVarianceTables<T>(engine, plan.Duals, n1);
        using var cols = x1IsX2 ? null : new DeviceVarianceTables<T>(engine, plan.Duals, n2);

        Variances(plan, pool, inputs1.View, n1, rows, cov1, pairsPerBatch, options);
        if (x1IsX2) cov1.AsSpan(0, n1).CopyTo(cov2);
        else Variances(plan, pool, view2, n2, cols!, cov2, pairsPerBatch, options);

        var (tileRows, tileCols) = TileShape(pairsPerBatch, n1, n2, x1IsX2);
        int rowTiles = (n1 + tileRows - 1) / tileRows, colTiles = (n2 + tileCols - 1) / tileCols;
        // On and above the diagonal when x2 is x1 (square tiles there): a triangle of tiles.
        int tileCount = x1IsX2 ? rowTiles * (rowTiles + 1) / 2 : rowTiles * colTiles;
        var values = new T[(long)tileRows * tileCols];
        var ntkValues = ntk is null ? null : new T[(long)tileRows * tileCols];
        long entriesDone = 0;
        int done = 0;
        // Tiles are made as they run: a list of them up front would hold millions of entries for a large self-kernel.
        for (int r0 = 0; r0 < n1; r0 += tileRows)
        {
            for (int c0 = x1IsX2 ? r0 : 0; c0 < n2; c0 += tileCols)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                int rowCount = Math.Min(tileRows, n1 - r0), colCount = Math.Min(tileCols, n2 - c0);
                long lanes = (long)rowCount * colCount;
                var pairLanes = new PairLanes { Row0 = r0, Col0 = c0, Cols = colCount, SameItems = x1IsX2 ? 1 : 0 };
                using (var state = Input(plan, pool, inputs1.View, view2, pairLanes, lanes, withNtk: ntk is not null))
                {
                    new DevicePlanSteps<T>(pool, rows, cols ?? rows, pairLanes, recording: false).Run(plan.Nodes, state);
                    state.Nngp.Flat().SubView(0, lanes).CopyToCPU(values.AsSpan(0, (int)lanes));
                    state.Ntk?.Flat().SubView(0, lanes).CopyToCPU(ntkValues.AsSpan(0, (int)lanes));
                }
                entriesDone += Scatter(values, ntkValues, r0, rowCount, c0, colCount, n2, x1IsX2, nngp, ntk);
                options.Progress?.Report(new KernelProgress(++done, tileCount, entriesDone, stopwatch.Elapsed));
            }
        }
    }

    /// <summary>
    /// Rows and columns of a tile of at most <paramref name="pairs"/> pairs: square where both inputs are large (and
    /// always when x2 is x1, whose tiles sit on and above the diagonal), else all of the smaller input's items against as
    /// many of the other's as fit, so that a few test items against many training items still fill a batch.
    /// </summary>
    internal static (int Rows, int Cols) TileShape(long pairs, int n1, int n2, bool x1IsX2)
    {
        int side = (int)Math.Clamp((long)Math.Sqrt(pairs), 1, Math.Max(n1, n2));
        if (x1IsX2 || (n1 >= side && n2 >= side)) return (Math.Min(side, n1), Math.Min(side, n2));
        if (n1 < side) return (n1, (int)Math.Clamp(pairs / n1, 1, n2));
        return ((int)Math.Clamp(pairs / n2, 1, n1), n2);
    }

    /// <summary>Values of the variance tables of <paramref name="items"/> items (every nonlinearity's input positions per item).</summary>
    private static long TableValues<T>(PairPlan<T> plan, int items) where T : unmanaged, IFloatingPointIeee754<T> =>
        plan.Duals.Sum(d => (long)d.Positions) * items;

    /// <summary>Each item against itself, in batches: the variance tables and the output variances.</summary>
    private static void Variances<T>(PairPlan<T> plan, DeviceBufferPool<T> pool, ArrayView<T> inputs, int items, DeviceVarianceTables<T> tables, T[] output,
        long pairsPerBatch, KernelOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int first = 0; first < items; first += (int)Math.Min(pairsPerBatch, int.MaxValue))
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            int count = (int)Math.Min(pairsPerBatch, items - first);
            var lanes = new PairLanes { Row0 = first, Col0 = first, Cols = 1, Own = 1, SameItems = 1 };
            using var state = Input(plan, pool, inputs, inputs, lanes, count, withNtk: false);
            new DevicePlanSteps<T>(pool, tables, tables, lanes, recording: true).Run(plan.Nodes, state);
            state.Nngp.Flat().SubView(0, count).CopyToCPU(output.AsSpan(first, count));
        }
    }

    /// <summary>A batch's input covariances (the NTK at zero).</summary>
    private static DeviceState<T> Input<T>(PairPlan<T> plan, DeviceBufferPool<T> pool, ArrayView<T> x1, ArrayView<T> x2, PairLanes lanes, long count, bool withNtk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = new StateShape { Form = FormOf(plan.InputForm), Positions = plan.Positions, Lanes = count };
        var state = new DeviceState<T>(pool, shape, withNtk);
        try
        {
            DeviceOps<T>.Instance.PlanInput(pool.Engine, x1, x2, state.Nngp.View, state.NtkView, shape, lanes, plan.Channels, withNtk);
            return state;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>A tile's values (row by row) into the result, mirrored when x2 is x1; returns the entries written.</summary>
    private static long Scatter<T>(T[] values, T[]? ntkValues, int r0, int rows, int c0, int cols, int n2, bool x1IsX2, T[]? nngp, T[]? ntk)
    {
        long written = 0;
        for (int r = 0; r < rows; r++)
        {
            int i = r0 + r;
            for (int c = 0; c < cols; c++)
            {
                int j = c0 + c;
                // A tile on the diagonal holds both halves: the upper one is kept, as the host plan mirrors it.
                if (x1IsX2 && j < i) continue;
                long at = (long)r * cols + c;
                if (nngp is not null) nngp[(long)i * n2 + j] = values[at];
                if (ntk is not null) ntk[(long)i * n2 + j] = ntkValues![at];
                written++;
                if (!x1IsX2 || j == i) continue;
                if (nngp is not null) nngp[(long)j * n2 + i] = values[at];
                if (ntk is not null) ntk[(long)j * n2 + i] = ntkValues![at];
                written++;
            }
        }
        return written;
    }

    private static int FormOf(SpatialForm form) => form switch
    {
        SpatialForm.Full => StateShape.Full,
        SpatialForm.Diagonal => StateShape.Diagonal,
        _ => StateShape.None,
    };

    /// <summary>The most positions any filter of <paramref name="nodes"/> writes (a transposed convolution grows them).</summary>
    private static long LargestBox<T>(IEnumerable<PlanNode<T>> nodes) where T : unmanaged, IFloatingPointIeee754<T> =>
        nodes.Select(n => n switch
        {
            SegmentNode<T> { Box: { } box } => box.OutSize,
            ResidualNode<T> residual => residual.Branches.Select(b => LargestBox(b)).DefaultIfEmpty(0).Max(),
            _ => 0L,
        }).DefaultIfEmpty(0).Max();
}
