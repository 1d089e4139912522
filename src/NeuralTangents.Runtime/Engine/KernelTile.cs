using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The kernel state of one branch for one tile of rows (items of x1) × columns (items of x2), in device
/// memory: the cross kernels <see cref="Nngp"/> and <see cref="Ntk"/> (rows·cols, row-major) and the
/// variances <see cref="Cov1"/> (rows) and <see cref="Cov2"/> (cols). Layers transform tiles in place or
/// replace them; a tile owns its buffers.
/// </summary>
internal sealed class KernelTile<T> : IDisposable where T : unmanaged
{
    public KernelTile(MemoryBuffer1D<T, Stride1D.Dense> nngp, MemoryBuffer1D<T, Stride1D.Dense>? ntk,
        MemoryBuffer1D<T, Stride1D.Dense> cov1, MemoryBuffer1D<T, Stride1D.Dense> cov2, int rows, int cols, BranchSignature signature)
    {
        Nngp = nngp;
        Ntk = ntk;
        Cov1 = cov1;
        Cov2 = cov2;
        Rows = rows;
        Cols = cols;
        Signature = signature;
    }

    public MemoryBuffer1D<T, Stride1D.Dense> Nngp { get; }

    public MemoryBuffer1D<T, Stride1D.Dense>? Ntk { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Cov1 { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Cov2 { get; }

    public int Rows { get; }

    public int Cols { get; }

    public long Entries => (long)Rows * Cols;

    /// <summary>The finite network's shape and the Gaussian flag of this branch after the last layer applied.</summary>
    public BranchSignature Signature { get; set; }

    /// <summary>A deep copy on the same accelerator (for FanOut).</summary>
    public KernelTile<T> Clone(KernelEngine engine)
    {
        var nngp = engine.Allocate<T>(Entries);
        nngp.View.CopyFrom(Nngp.View);
        MemoryBuffer1D<T, Stride1D.Dense>? ntk = null;
        if (Ntk is not null)
        {
            ntk = engine.Allocate<T>(Entries);
            ntk.View.CopyFrom(Ntk.View);
        }
        var cov1 = engine.Allocate<T>(Rows);
        cov1.View.CopyFrom(Cov1.View);
        var cov2 = engine.Allocate<T>(Cols);
        cov2.View.CopyFrom(Cov2.View);
        return new KernelTile<T>(nngp, ntk, cov1, cov2, Rows, Cols, Signature);
    }

    public void Dispose()
    {
        Nngp.Dispose();
        Ntk?.Dispose();
        Cov1.Dispose();
        Cov2.Dispose();
    }
}
