using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// A network without spatial axes on the pair-major plan's device kernels, inside the device tile machinery of
/// <see cref="KernelComputation"/> (the GPU counterpart of <see cref="PlanTiles{T}"/>): the input Gram of a tile comes
/// from <see cref="GramBlocks{T}"/> (the host BLAS) and goes to the device as one lane per pair; the plan's passes (an
/// affine rule and a dual per kernel) run on it there; the items' variances are recorded once per computation, on the device.
/// </summary>
internal sealed class DevicePlanTiles<T> : ITileKernel<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly PairPlan<T> _plan;
    private readonly KernelEngine _engine;
    private readonly DeviceBufferPool<T> _pool;
    private DeviceVarianceTables<T>? _rows, _cols;
    private T[] _rowOutput = Array.Empty<T>(), _colOutput = Array.Empty<T>();
    private bool _sameItems;

    public DevicePlanTiles(PairPlan<T> plan, KernelEngine engine)
    {
        if (plan.InputForm != SpatialForm.None) throw new ArgumentException($"DevicePlanTiles runs plans of inputs without spatial axes, not {plan.InputForm}.", nameof(plan));
        _plan = plan;
        _engine = engine;
        _pool = new DeviceBufferPool<T>(engine, engine.ResponsiveTileBytes);
    }

    /// <summary>The state and a copy per open residual branch, nngp and ntk (as <see cref="DevicePlanRunner.BytesPerPair{T}"/> counts them).</summary>
    public int PeakBranches => 4;

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
        _sameItems = gram.SameInputs;
        (_rows, _rowOutput) = Variances(gram.Variances1);
        (_cols, _colOutput) = gram.SameInputs ? (_rows, _rowOutput) : Variances(gram.Variances2);
    }

    public KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging)
    {
        long lanes = (long)rows * cols;
        var span = staging.AsSpan(0, (int)lanes);
        gram.Cross(r0, rows, c0, cols, span);
        var pairLanes = new PairLanes { Row0 = r0, Col0 = c0, Cols = cols, SameItems = _sameItems ? 1 : 0 };
        var shape = new StateShape { Form = StateShape.None, Positions = 1, Lanes = lanes };
        MemoryBuffer1D<T, Stride1D.Dense>? nngp = null, ntk = null, cov1 = null, cov2 = null;
        try
        {
            using (var state = new DeviceState<T>(_pool, shape, wantNtk))
            {
                state.Nngp.Flat().SubView(0, lanes).CopyFromCPU(span);
                state.Ntk?.MemSetToZero();
                new DevicePlanSteps<T>(_pool, _rows!, _cols!, pairLanes, recording: false).Run(_plan.Nodes, state);
                // The tile owns its buffers (the caller disposes them), allocated once the steps have given back their
                // residual copies (so that no more than PeakBranches arrays are live); the state's go back to the pool.
                nngp = _engine.Allocate<T>(lanes);
                nngp.View.CopyFrom(state.Nngp.View);
                if (wantNtk)
                {
                    ntk = _engine.Allocate<T>(lanes);
                    ntk.View.CopyFrom(state.Ntk!.View);
                }
            }
            cov1 = Upload(_rowOutput.AsSpan(r0, rows));
            cov2 = Upload(_colOutput.AsSpan(c0, cols));
            _engine.Accelerator.Synchronize();
            return new KernelTile<T>(nngp, ntk, cov1, cov2, rows, cols, _plan.Output) { Origin = new TileOrigin(r0, c0, _sameItems) };
        }
        catch
        {
            nngp?.Dispose();
            ntk?.Dispose();
            cov1?.Dispose();
            cov2?.Dispose();
            throw;
        }
    }

    /// <summary>Every item against itself, from its input variance: the device variance tables and the output variances.</summary>
    private (DeviceVarianceTables<T> Tables, T[] Output) Variances(T[] inputs)
    {
        var tables = new DeviceVarianceTables<T>(_engine, _plan.Duals, inputs.Length);
        try
        {
            var lanes = new PairLanes { Row0 = 0, Col0 = 0, Cols = 1, Own = 1, SameItems = 1 };
            var output = new T[inputs.Length];
            using var state = new DeviceState<T>(_pool, new StateShape { Form = StateShape.None, Positions = 1, Lanes = inputs.Length }, withNtk: false);
            state.Nngp.Flat().SubView(0, inputs.Length).CopyFromCPU(inputs);
            new DevicePlanSteps<T>(_pool, tables, tables, lanes, recording: true).Run(_plan.Nodes, state);
            state.Nngp.Flat().SubView(0, inputs.Length).CopyToCPU(output);
            return (tables, output);
        }
        catch
        {
            tables.Dispose();
            throw;
        }
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload(ReadOnlySpan<T> values)
    {
        var buffer = _engine.Allocate<T>(values.Length);
        buffer.Flat().SubView(0, values.Length).CopyFromCPU(values);
        return buffer;
    }

    public void Dispose()
    {
        _rows?.Dispose();
        if (!ReferenceEquals(_cols, _rows)) _cols?.Dispose();
        _pool.Dispose();
    }
}
