using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// Runs a plan's steps on a batch of pairs on the device: each segment as few fused passes as its rules allow (a box
/// filter, an affine rule and a nonlinearity's dual in one kernel, the next affine rule and dual in the next), the
/// reductions and residual branches as kernels of their own. The steps are the host's (<see cref="PairPlan{T}"/>); only
/// the execution differs.
/// </summary>
internal sealed class DevicePlanSteps<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly KernelEngine _engine;
    private readonly DeviceBufferPool<T> _pool;
    private readonly DeviceOps<T> _ops = DeviceOps<T>.Instance;
    private readonly DeviceVarianceTables<T> _rows, _cols;
    private readonly PairLanes _lanes;
    private readonly bool _recording;

    /// <param name="pool">The device's buffers.</param>
    /// <param name="rows">The row items' variance tables (written in a variance run).</param>
    /// <param name="cols">The column items' (the same tables in a variance run).</param>
    /// <param name="lanes">Which pair each lane holds.</param>
    /// <param name="recording">A variance run: items against themselves, recording what every nonlinearity reads.</param>
    public DevicePlanSteps(DeviceBufferPool<T> pool, DeviceVarianceTables<T> rows, DeviceVarianceTables<T> cols, PairLanes lanes, bool recording)
    {
        _pool = pool;
        _engine = pool.Engine;
        _rows = rows;
        _cols = cols;
        _lanes = lanes;
        _recording = recording;
    }

    /// <summary>Runs <paramref name="nodes"/> on <paramref name="state"/>.</summary>
    public void Run(IReadOnlyList<PlanNode<T>> nodes, DeviceState<T> state)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case SegmentNode<T> segment:
                    Segment(segment, state);
                    break;
                case ReduceNode<T> reduce:
                    Reduce(reduce, state);
                    break;
                case ResidualNode<T> residual:
                    Residual(residual, state);
                    break;
                default:
                    throw new InvalidOperationException($"The device plan has no execution for the step {node.GetType().Name}.");
            }
        }
    }

    /// <summary>A segment's filter and rules as fused passes: each pass takes the rules up to and including the next dual (at most one affine rule before it).</summary>
    private void Segment(SegmentNode<T> segment, DeviceState<T> state)
    {
        var box = segment.Box;
        AffineOp<T>? affine = null;
        foreach (var op in segment.Ops)
        {
            if (op is AffineOp<T> next)
            {
                if (affine is not null)
                {
                    Pass(state, box, affine, null);
                    box = null;
                }
                affine = next;
                continue;
            }
            Pass(state, box, affine, op as DualOpBase<T>
                ?? throw new InvalidOperationException($"The device plan has no execution for the pointwise rule {op.Describe()} ({op.GetType().Name}); it runs affine rules and duals."));
            box = null;
            affine = null;
        }
        if (box is not null || affine is not null) Pass(state, box, affine, null);
    }

    /// <summary>One fused pass over the state (into new buffers when it starts with a filter, else in place).</summary>
    private void Pass(DeviceState<T> state, BoxOp<T>? box, AffineOp<T>? affine, DualOpBase<T>? dual)
    {
        var output = box is null ? state.Shape : state.Shape with { Positions = box.OutSize };
        var pass = new PlanPass
        {
            Out = output,
            InPositions = state.Shape.Positions,
            HasBox = box is null ? 0 : 1,
            Independent = box is { Independent: true } ? 1 : 0,
            BoxScale = box is null ? 0 : double.CreateTruncating(box.Scale),
            Box = box?.Geometry ?? default,
            HasAffine = affine is null ? 0 : 1,
            Affine = affine?.Rule ?? default,
            HasNtk = state.Ntk is null ? 0 : 1,
        };
        var (nngp, ntk) = box is null ? (state.Nngp, state.Ntk) : state.Rent(output);
        var ntkView = (ntk ?? nngp).View;
        bool fullRecording = _recording && state.Shape.Form == StateShape.Full;
        if (dual is null || fullRecording)
        {
            // A full-form variance run records the same-position values after the filter and affine rule, before the dual.
            if (box is not null || affine is not null) _ops.PlanLinearPass(_engine, state.Nngp.View, state.NtkView, nngp.View, ntkView, pass);
            if (box is not null) state.Replace(nngp, ntk, output);
            if (dual is null) return;
            _ops.PlanRecordDiagonal(_engine, state.Nngp.View, _rows.Buffer.View, _rows.Offset(dual.Index), output.Positions, output.Lanes, _lanes);
            pass = new PlanPass { Out = output, InPositions = output.Positions, HasNtk = pass.HasNtk };
            DualPass(state.Nngp.View, state.NtkView, state.Nngp.View, state.NtkView, WithTables(pass, dual.Index, recording: false), dual);
            return;
        }
        DualPass(state.Nngp.View, state.NtkView, nngp.View, ntkView, WithTables(pass, dual.Index, _recording), dual);
        if (box is not null) state.Replace(nngp, ntk, output);
    }

    private PlanPass WithTables(PlanPass pass, int dual, bool recording) => pass with
    {
        HasDual = 1,
        Recording = recording ? 1 : 0,
        RowTable = _rows.Offset(dual),
        ColTable = _cols.Offset(dual),
        TableFull = _rows.Full(dual) ? 1 : 0,
        RowItems = _rows.Items,
        ColItems = _cols.Items,
        TablePositions = _rows.Duals[dual].Positions,
    };

    private void DualPass(ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk, PlanPass pass, DualOpBase<T> dual) =>
        dual.Accept(new DualLauncher(this, inNngp, inNtk, nngp, ntk, pass));

    /// <summary>Launches the pass generic over the dual's activation type (ILGPU specializes the kernel per type).</summary>
    private readonly struct DualLauncher(DevicePlanSteps<T> steps, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk, PlanPass pass)
        : IDualVisitor
    {
        public void Visit<TAct>(TAct activation) where TAct : struct, IDualActivation =>
            steps._ops.PlanPass(steps._engine, inNngp, inNtk, nngp, ntk, steps._rows.Buffer.View, steps._cols.Buffer.View, pass, steps._lanes, activation);
    }

    private void Reduce(ReduceNode<T> reduce, DeviceState<T> state)
    {
        var shape = state.Shape;
        double scale = double.CreateTruncating(reduce.Scale);
        switch (reduce.Kind)
        {
            case ReduceKind.Flatten:
            {
                if (shape.Form != StateShape.Diagonal) throw new InvalidOperationException($"Flatten received a state of form {shape.Form}; the plan should have reduced it to the diagonal.");
                var output = new StateShape { Form = StateShape.None, Positions = 1, Lanes = shape.Lanes };
                var (nngp, ntk) = state.Rent(output);
                // [position][lane] summed over positions, lane by lane.
                _ops.PlanStridedSum(_engine, state.Nngp.View, nngp.View, shape.Lanes, 1, shape.Lanes, shape.Positions, scale);
                if (ntk is not null) _ops.PlanStridedSum(_engine, state.Ntk!.View, ntk.View, shape.Lanes, 1, shape.Lanes, shape.Positions, scale);
                state.Replace(nngp, ntk, output);
                break;
            }
            case ReduceKind.GlobalPool:
            {
                if (shape.Form != StateShape.Full) throw new InvalidOperationException($"Global pooling received a state of form {shape.Form}; it needs the full covariance.");
                var output = new StateShape { Form = StateShape.None, Positions = 1, Lanes = shape.Lanes };
                var (nngp, ntk) = state.Rent(output);
                var columnSums = _pool.Rent(shape.Lanes * shape.Positions);
                Pool(state.Nngp.View, columnSums.View, nngp.View, shape, scale);
                if (ntk is not null) Pool(state.Ntk!.View, columnSums.View, ntk.View, shape, scale);
                _pool.Return(columnSums);
                state.Replace(nngp, ntk, output);
                break;
            }
            default:
            {
                var output = shape with { Form = StateShape.Diagonal };
                var (nngp, ntk) = state.Rent(output);
                _ops.PlanDiagonal(_engine, state.Nngp.View, nngp.View, shape.Lanes, shape.Positions);
                if (ntk is not null) _ops.PlanDiagonal(_engine, state.Ntk!.View, ntk.View, shape.Lanes, shape.Positions);
                state.Replace(nngp, ntk, output);
                break;
            }
        }
    }

    /// <summary>
    /// The scaled sum of each lane's full covariance: its column sums first (one thread per column, neighbouring threads
    /// reading neighbouring values), then the sum of those.
    /// </summary>
    private void Pool(ArrayView<T> source, ArrayView<T> columnSums, ArrayView<T> target, StateShape shape, double scale)
    {
        int positions = shape.Positions;
        _ops.PlanColumnSums(_engine, source, columnSums, shape.Lanes, positions);
        _ops.PlanStridedSum(_engine, columnSums, target, shape.Lanes, positions, 1, positions, scale);
    }

    /// <summary>FanOut … FanInSum: the first branch on the state, the others on copies, added in.</summary>
    private void Residual(ResidualNode<T> residual, DeviceState<T> state)
    {
        var copies = new DeviceState<T>?[residual.Branches.Count - 1];
        try
        {
            for (int b = 1; b < residual.Branches.Count; b++) copies[b - 1] = state.Clone();
            Run(residual.Branches[0], state);
            for (int b = 1; b < residual.Branches.Count; b++)
            {
                var copy = copies[b - 1]!;
                Run(residual.Branches[b], copy);
                long length = state.Shape.Length;
                _ops.Combine(_engine, state.Nngp, copy.Nngp, length, 1, 1, 0);
                if (state.Ntk is not null) _ops.Combine(_engine, state.Ntk, copy.Ntk!, length, 1, 1, 0);
                copy.Dispose();
                copies[b - 1] = null;
            }
        }
        finally
        {
            // A branch that threw leaves the copies of the branches after it (and before the first, all of them).
            foreach (var copy in copies) copy?.Dispose();
        }
    }
}
