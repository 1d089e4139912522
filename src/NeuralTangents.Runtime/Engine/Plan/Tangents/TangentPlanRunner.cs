using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Runs a <see cref="PairPlan{T}"/> with tangents on the host, as <see cref="PairPlanRunner"/> runs it without: a
/// variance run per input (each item against itself, recording the variances and their tangents that every
/// nonlinearity reads), then the cross pairs — blocks of one row item against consecutive column items, or one pair at a
/// time in the full form — with the primal and one tangent state per hyperparameter going through the same steps
/// (<see cref="TangentRunner{T}"/>). The inputs do not depend on the hyperparameters: every tangent starts at zero.
/// </summary>
internal sealed class TangentPlanRunner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Column items per block in the diagonal form and without spatial axes: about 16 384 values per state (128 KiB in
    /// double), a multiple of 16 between 16 and 512, so that a block's fixed costs are small and its primal and tangent
    /// states stay near the L2 cache.
    /// </summary>
    private int Lanes => LanesFor(_positions);

    /// <summary>Column items per block for inputs of <paramref name="positions"/> positions (see <see cref="Lanes"/>).</summary>
    public static int LanesFor(int positions) => Math.Clamp(16384 / positions / 16 * 16, 16, 512);

    private readonly PairPlan<T> _plan;
    private readonly IReadOnlyDictionary<PointwiseOp<T>, TangentSeed[]> _seeds;
    private readonly int _tangents, _positions;
    private readonly SpatialForm _form;
    private readonly ParallelOptions _parallel;
    private readonly InputSeeds<T>? _inputs;

    /// <param name="plan">The network's plan.</param>
    /// <param name="seeds">Which ops each tangent's hyperparameter enters (<see cref="TangentBinding"/>).</param>
    /// <param name="tangents">Hyperparameters (tangents carried).</param>
    /// <param name="form">The input covariance's form.</param>
    /// <param name="positions">Input positions (1 without spatial axes).</param>
    /// <param name="cancellation">Checked before every block.</param>
    /// <param name="inputs">
    /// For derivatives by x1 (null: by hyperparameters): the seeds of the input covariances' tangents. Then the tangents
    /// are one-sided (x2 held fixed, even when it is x1), and every pair is computed, none mirrored.
    /// </param>
    public TangentPlanRunner(PairPlan<T> plan, IReadOnlyDictionary<PointwiseOp<T>, TangentSeed[]> seeds, int tangents, SpatialForm form, int positions,
        CancellationToken cancellation, InputSeeds<T>? inputs = null)
    {
        _plan = plan;
        _seeds = seeds;
        _tangents = tangents;
        _form = form;
        _positions = positions;
        _parallel = new ParallelOptions { CancellationToken = cancellation };
        _inputs = inputs;
    }

    /// <summary>Where progress goes: about 200 reports per computation (blocks of pairs done, entries written), the last when it ends.</summary>
    public IProgress<KernelProgress>? Progress { get; init; }

    /// <summary>
    /// The kernel of <paramref name="inputs1"/> (n1 items) against <paramref name="inputs2"/> (n2 items; the same when
    /// <paramref name="x1IsX2"/>) and its tangents, row-major n1 × n2: <paramref name="nngp"/>, <paramref name="ntk"/>
    /// (null: not computed), <paramref name="dNngp"/>[m] and <paramref name="dNtk"/>[m] per hyperparameter m, and the
    /// output variances <paramref name="cov1"/>, <paramref name="cov2"/>.
    /// </summary>
    public void Run(PairInputs<T> inputs1, int n1, PairInputs<T> inputs2, int n2, bool x1IsX2, T[] nngp, T[]? ntk, T[][] dNngp, T[][]? dNtk, T[] cov1, T[] cov2)
    {
        bool oneSided = _inputs is not null;
        var (rows, rowTangents) = Variances(inputs1, n1, cov1, _inputs is null ? null : _inputs.Own);
        VarianceTables<T> cols;
        VarianceTables<T>[] colTangents;
        if (x1IsX2)
        {
            cov1.AsSpan(0, n1).CopyTo(cov2);
            // By x1 with x2 held fixed, the column items' variances do not move even when they are x1's.
            (cols, colTangents) = (rows, oneSided ? ZeroTables(n2) : rowTangents);
        }
        else
        {
            (cols, colTangents) = Variances(inputs2, n2, cov2, null);
        }

        // Mirroring needs the derivative to be symmetric, which a one-sided one is not.
        bool mirror = x1IsX2 && !oneSided;
        var jobs = new List<(int Row, int First, int Count)>();
        for (int i = 0; i < n1; i++)
        {
            int start = mirror ? i : 0, width = _form == SpatialForm.Full ? 1 : Lanes;
            for (int j = start; j < n2; j += width) jobs.Add((i, j, Math.Min(width, n2 - j)));
        }
        bool withNtk = ntk is not null;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var gate = new object();
        int jobsDone = 0, reportEvery = Math.Max(1, jobs.Count / 200);
        long entriesDone = 0;
        ForEach(jobs.Count, job =>
        {
            var (i, j0, count) = jobs[job];
            using var state = new PairState<T>(_form, _positions, count, withNtk);
            inputs2.Cross(inputs1, i, j0, state);
            var tangents = Zeros(count, withNtk);
            try
            {
                _inputs?.Cross(i, j0, tangents);
                var context = new PlanContext<T>(rows, cols, recording: false, sameItems: x1IsX2) { RowItem = i, ColItem = j0 };
                TangentRunner<T>.Run(_plan.Nodes, state, tangents, context, new TangentContext<T>(rowTangents, colTangents, _seeds) { OneSided = oneSided });
                // Row i's block, contiguous in every array; the mirrored entries are written after all jobs (a column
                // written entry by entry here would touch a page per entry in every one of the 2 + 2·tangents arrays).
                // (Arrays hold at most Array.MaxLength entries, checked before allocating, so the offset fits an int.)
                int at = checked((int)((long)i * n2 + j0));
                state.Nngp.AsSpan(0, count).CopyTo(nngp.AsSpan(at, count));
                if (ntk is not null) state.Ntk.AsSpan(0, count).CopyTo(ntk.AsSpan(at, count));
                for (int m = 0; m < tangents.Length; m++)
                {
                    tangents[m].Nngp.AsSpan(0, count).CopyTo(dNngp[m].AsSpan(at, count));
                    if (dNtk is not null) tangents[m].Ntk.AsSpan(0, count).CopyTo(dNtk[m].AsSpan(at, count));
                }
                long entries = count + (mirror ? count - (j0 == i ? 1 : 0) : 0);
                if (Progress is not null)
                {
                    lock (gate)
                    {
                        entriesDone += entries;
                        if (++jobsDone % reportEvery == 0 || jobsDone == jobs.Count)
                            Progress.Report(new KernelProgress(jobsDone, jobs.Count, entriesDone, stopwatch.Elapsed));
                    }
                }
            }
            finally
            {
                foreach (var tangent in tangents) tangent.Dispose();
            }
        });
        if (!mirror) return;
        // The lower triangles from the upper ones, in cache-friendly blocks: every array is symmetric when x2 is x1.
        Mirror(nngp, n1);
        if (ntk is not null) Mirror(ntk, n1);
        foreach (var d in dNngp) Mirror(d, n1);
        if (dNtk is not null) foreach (var d in dNtk) Mirror(d, n1);
    }

    private static unsafe void Mirror(T[] square, int n)
    {
        fixed (T* values = square) HostMirror<T>.MirrorLower(values, n, n);
    }

    /// <summary>Runs <paramref name="count"/> jobs on every core; the caller sees what a job threw (a cancellation first), not the parallel loop's wrapper.</summary>
    private void ForEach(int count, Action<int> job)
    {
        try
        {
            Parallel.For(0, count, _parallel, job);
        }
        catch (AggregateException failed)
        {
            var inner = failed.Flatten().InnerExceptions;
            var first = inner.FirstOrDefault(e => e is OperationCanceledException) ?? inner[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>
    /// Each item against itself: the variance tables, their tangents, and the output variances; <paramref name="seed"/>
    /// (null: none) sets the input tangents of the block of items from its first argument.
    /// </summary>
    private (VarianceTables<T> Tables, VarianceTables<T>[] Tangents) Variances(PairInputs<T> inputs, int items, T[] output, Action<int, PairState<T>[]>? seed)
    {
        var tables = new VarianceTables<T>(_plan.Duals, items);
        // Without seeds and without hyperparameters every tangent stays zero: the primal run alone, and one set of zeros.
        int carried = seed is null && _inputs is not null ? 0 : _tangents;
        var tangentTables = carried == 0 ? ZeroTables(items) : Enumerable.Range(0, _tangents).Select(_ => new VarianceTables<T>(_plan.Duals, items)).ToArray();
        int width = _form == SpatialForm.Full ? 1 : Lanes;
        int blocks = (items + width - 1) / width;
        ForEach(blocks, block =>
        {
            int first = block * width, count = Math.Min(width, items - first);
            using var state = new PairState<T>(_form, _positions, count, withNtk: false);
            if (_form == SpatialForm.Full) inputs.Cross(inputs, first, first, state);
            else inputs.OwnDiagonal(first, state);
            var tangents = Zeros(count, withNtk: false, carried);
            try
            {
                seed?.Invoke(first, tangents);
                var context = new PlanContext<T>(tables, tables, recording: true, sameItems: true) { RowItem = first, ColItem = first };
                var tangentContext = new TangentContext<T>(carried == 0 ? Array.Empty<VarianceTables<T>>() : tangentTables,
                    carried == 0 ? Array.Empty<VarianceTables<T>>() : tangentTables, _seeds);
                TangentRunner<T>.Run(_plan.Nodes, state, tangents, context, tangentContext);
                state.Nngp.AsSpan(0, count).CopyTo(output.AsSpan(first, count));
            }
            finally
            {
                foreach (var tangent in tangents) tangent.Dispose();
            }
        });
        return (tables, tangentTables);
    }

    /// <summary>
    /// Tangent variance tables of zeros for <paramref name="items"/> items whose variances do not move: one set shared by
    /// every tangent (cross runs only read tangent tables), rather than a set per tangent — by x1, a set per feature of
    /// an item for every x2 item.
    /// </summary>
    private VarianceTables<T>[] ZeroTables(int items) => Enumerable.Repeat(new VarianceTables<T>(_plan.Duals, items), _tangents).ToArray();

    /// <summary>Tangent states of zeros shaped like the input state (pooled buffers are not cleared by the pool).</summary>
    private PairState<T>[] Zeros(int lanes, bool withNtk, int? count = null)
    {
        var states = new PairState<T>[count ?? _tangents];
        for (int m = 0; m < states.Length; m++)
        {
            var state = new PairState<T>(_form, _positions, lanes, withNtk);
            int size = state.Outer * state.Inner;
            state.Nngp.AsSpan(0, size).Clear();
            state.Ntk?.AsSpan(0, size).Clear();
            states[m] = state;
        }
        return states;
    }
}
