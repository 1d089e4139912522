using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Runs a <see cref="PairPlan{T}"/> on the host, on every core: first a variance run per input (each item against
/// itself, recording the variances every nonlinearity reads and giving the output variances), then the cross pairs
/// — blocks of one row item against consecutive column items in the diagonal form, one pair at a time in the full
/// form — written straight into the result (and mirrored when x2 is x1). Cancellation is checked and progress
/// reported after every block.
/// </summary>
internal static class PairPlanRunner
{
    /// <summary>
    /// Bytes a block of the diagonal form aims at (the state and the filter's output, nngp and ntk): wide enough rows that
    /// the fixed cost of a rule per row is small, small enough that the filter's window of rows stays in the L2 cache.
    /// </summary>
    private static readonly int DiagonalBlockBytes = int.Parse(Environment.GetEnvironmentVariable("NT_BLOCK") ?? "2097152");

    /// <summary>Bytes one worker needs at most (the state, the filter's output and one copy per open residual branch).</summary>
    public static long BytesPerWorker<T>(PairPlan<T> plan, int n2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long perArray = plan.InputForm == SpatialForm.Full ? (long)plan.Positions * plan.Positions : (long)plan.Positions * Lanes(plan, n2);
        return perArray * Marshal.SizeOf<T>() * 2 * 4;
    }

    /// <summary>Computes the kernel of x1 (n1 items) against x2 (n2 items; x1 itself when <paramref name="x1IsX2"/>) into the result arrays.</summary>
    public static void Run<T>(PairPlan<T> plan, T[] x1, int n1, T[] x2, int n2, bool x1IsX2, T[]? nngp, T[]? ntk, T[] cov1, T[] cov2,
        KernelOptions options, Stopwatch stopwatch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var form = plan.InputForm;
        var inputs1 = new PairInputs<T>(x1, n1, plan.Positions, plan.Channels, form);
        var inputs2 = x1IsX2 ? inputs1 : new PairInputs<T>(x2, n2, plan.Positions, plan.Channels, form);
        var rows = new VarianceTables<T>(plan.Duals, n1);
        var cols = x1IsX2 ? rows : new VarianceTables<T>(plan.Duals, n2);
        int lanes = Lanes(plan, n2);

        Variances(plan, inputs1, n1, rows, cov1, lanes, options);
        if (x1IsX2) cov1.AsSpan(0, n1).CopyTo(cov2);
        else Variances(plan, inputs2, n2, cols, cov2, lanes, options);

        // The cross jobs: (row item, first column) blocks, or single pairs in the full form.
        var jobs = new List<(int Row, int First, int Count)>();
        for (int i = 0; i < n1; i++)
        {
            int start = x1IsX2 ? i : 0;
            int width = form == SpatialForm.Full ? 1 : EvenWidth(n2 - start, lanes);
            for (int j = start; j < n2; j += width) jobs.Add((i, j, Math.Min(width, n2 - j)));
        }
        long entriesDone = 0;
        int jobsDone = 0, reportEvery = Math.Max(1, jobs.Count / 200);
        var gate = new object();
        Parallel(jobs.Count, options, job =>
        {
            var (i, j0, count) = jobs[job];
            using var state = new PairState<T>(form, plan.Positions, count, withNtk: ntk is not null);
            inputs2.Cross(inputs1, i, j0, state);
            var context = new PlanContext<T>(rows, cols, recording: false, sameItems: x1IsX2) { RowItem = i, ColItem = j0, SingleLanes = true, FusedPasses = !options.SeparatePlanRules };
            foreach (var node in plan.Nodes) node.Run(state, context);
            long entries = 0;
            for (int k = 0; k < count; k++)
            {
                int j = j0 + k;
                if (nngp is not null) nngp[(long)i * n2 + j] = state.Nngp[k];
                if (ntk is not null) ntk[(long)i * n2 + j] = state.Ntk![k];
                entries++;
                if (!x1IsX2 || j == i) continue;
                if (nngp is not null) nngp[(long)j * n2 + i] = state.Nngp[k];
                if (ntk is not null) ntk[(long)j * n2 + i] = state.Ntk![k];
                entries++;
            }
            lock (gate)
            {
                entriesDone += entries;
                // About 200 reports per kernel, whatever its size, and always the last.
                if (++jobsDone % reportEvery == 0 || jobsDone == jobs.Count)
                    options.Progress?.Report(new KernelProgress(jobsDone, jobs.Count, entriesDone, stopwatch.Elapsed));
            }
        });
    }

    /// <summary>Each item against itself: the variance tables and the output variances.</summary>
    private static void Variances<T>(PairPlan<T> plan, PairInputs<T> inputs, int items, VarianceTables<T> tables, T[] output, int lanes, KernelOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var form = plan.InputForm;
        int width = form == SpatialForm.Full ? 1 : EvenWidth(items, lanes);
        int blocks = (items + width - 1) / width;
        Parallel(blocks, options, block =>
        {
            int first = block * width, count = Math.Min(width, items - first);
            using var state = new PairState<T>(form, plan.Positions, count, withNtk: false);
            if (form == SpatialForm.Full) inputs.Cross(inputs, first, first, state);
            else inputs.OwnDiagonal(first, state);
            var context = new PlanContext<T>(tables, tables, recording: true, sameItems: true)
            {
                RowItem = first, ColItem = first, SingleLanes = true, FusedPasses = !options.SeparatePlanRules,
            };
            foreach (var node in plan.Nodes) node.Run(state, context);
            state.Nngp.AsSpan(0, count).CopyTo(output.AsSpan(first, count));
        });
    }

    /// <summary>Runs <paramref name="count"/> jobs on every core, each worker taking the next job until none is left.</summary>
    private static void Parallel(int count, KernelOptions options, Action<int> job)
    {
        int next = -1;
        int workers = Math.Min(Environment.ProcessorCount, count);
        try
        {
            System.Threading.Tasks.Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                for (int index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    job(index);
                }
            });
        }
        catch (AggregateException failed)
        {
            // The caller sees what a worker threw (a cancellation above all), not the parallel loop's wrapper.
            var first = failed.Flatten().InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? failed.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>Blocks of at most <paramref name="lanes"/> for <paramref name="count"/> columns, as even as whole vectors allow (no narrow last block).</summary>
    private static int EvenWidth(int count, int lanes)
    {
        int blocks = (count + lanes - 1) / lanes;
        int width = (count + blocks - 1) / blocks;
        return Math.Min(lanes, (width + 15) / 16 * 16);
    }

    /// <summary>Pairs per block in the diagonal form: as many as keep a block's working set near the L2 cache, a multiple of 16.</summary>
    private static int Lanes<T>(PairPlan<T> plan, int n2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long perLane = (long)plan.Positions * Marshal.SizeOf<T>() * 4;
        return (int)Math.Clamp(DiagonalBlockBytes / perLane / 16 * 16, 16, 1024);
    }
}
