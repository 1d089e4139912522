using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// The device copy of <see cref="VarianceTables{T}"/>: every nonlinearity's table of one input's same-position
/// variances, one after another in one buffer, each laid out as on the host ([position][item] for a diagonal-form
/// input, [item][position] for a full one). Written by the variance run, read by every cross pair.
/// </summary>
internal sealed class DeviceVarianceTables<T> : IDisposable where T : unmanaged
{
    private readonly long[] _offsets;

    public DeviceVarianceTables(KernelEngine engine, IReadOnlyList<PlanDual> duals, int items)
    {
        Items = items;
        Duals = duals;
        _offsets = new long[duals.Count];
        long size = 0;
        for (int d = 0; d < duals.Count; d++)
        {
            _offsets[d] = size;
            size += (long)items * duals[d].Positions;
        }
        Buffer = engine.Allocate<T>(size);
    }

    /// <summary>Items of the input.</summary>
    public int Items { get; }

    /// <summary>The nonlinearities, with the form and positions of their inputs.</summary>
    public IReadOnlyList<PlanDual> Duals { get; }

    /// <summary>All tables.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Buffer { get; }

    /// <summary>Where table <paramref name="dual"/> starts.</summary>
    public long Offset(int dual) => _offsets[dual];

    /// <summary>Whether table <paramref name="dual"/> is [item][position].</summary>
    public bool Full(int dual) => Duals[dual].Form == SpatialForm.Full;

    public void Dispose() => Buffer.Dispose();
}
