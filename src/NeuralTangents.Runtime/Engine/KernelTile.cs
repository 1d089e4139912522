using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The kernel state of one branch for one tile of rows (items of x1) × columns (items of x2), in device
/// memory: the cross kernels <see cref="Nngp"/> and <see cref="Ntk"/> (rows·cols pairs, row-major) and the
/// variances <see cref="Cov1"/> (rows) and <see cref="Cov2"/> (cols). With spatial axes every pair and item
/// is followed by its <see cref="Layout"/>'s spatial entries (S diagonal or S×S full values). Layers transform
/// tiles in place or replace them; a tile owns its buffers.
/// </summary>
internal sealed class KernelTile<T> : IDisposable where T : unmanaged
{
    public KernelTile(MemoryBuffer1D<T, Stride1D.Dense> nngp, MemoryBuffer1D<T, Stride1D.Dense>? ntk,
        MemoryBuffer1D<T, Stride1D.Dense> cov1, MemoryBuffer1D<T, Stride1D.Dense> cov2, int rows, int cols, BranchSignature signature,
        SpatialLayout? layout = null)
    {
        Layout = layout ?? SpatialLayout.None;
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

    /// <summary>Values in <see cref="Nngp"/> (and <see cref="Ntk"/>): pairs × spatial entries per pair.</summary>
    public long Entries => (long)Rows * Cols * Layout.EntriesPerPair;

    /// <summary>Values in <see cref="Cov1"/>: rows × spatial entries.</summary>
    public long Cov1Length => Rows * Layout.EntriesPerPair;

    /// <summary>Values in <see cref="Cov2"/>: cols × spatial entries.</summary>
    public long Cov2Length => Cols * Layout.EntriesPerPair;

    /// <summary>The spatial layout of every array of this tile.</summary>
    public SpatialLayout Layout { get; }

    /// <summary>
    /// What the consumers of the current layer's outputs need, one form per output branch (set by the caller
    /// before <c>Propagate</c>; null means the diagonal is enough everywhere). Serial uses it to drop the full
    /// covariance as soon as no later layer needs it.
    /// </summary>
    public SpatialForm[]? Demand { get; set; }

    /// <summary>
    /// Where this tile lies in the whole kernel: its first global row (item of x1) and column (item of x2) and
    /// whether x2 is x1, so that rules acting on the same-item entries only (train-mode Dropout) can find them.
    /// </summary>
    public TileOrigin Origin { get; init; } = TileOrigin.Unknown;

    /// <summary>
    /// Masks of variable-length inputs for the rows' items, [item · S + p] over the positions of the current activation
    /// (one per item without spatial axes); null when the inputs have no mask.
    /// </summary>
    public bool[]? Mask1 { get; set; }

    /// <summary>Masks for the columns' items, like <see cref="Mask1"/>.</summary>
    public bool[]? Mask2 { get; set; }

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
        var cov1 = engine.Allocate<T>(Cov1Length);
        cov1.View.CopyFrom(Cov1.View);
        var cov2 = engine.Allocate<T>(Cov2Length);
        cov2.View.CopyFrom(Cov2.View);
        return new KernelTile<T>(nngp, ntk, cov1, cov2, Rows, Cols, Signature, Layout) { Demand = Demand, Origin = Origin, Mask1 = Mask1, Mask2 = Mask2 };
    }

    public void Dispose()
    {
        Nngp.Dispose();
        Ntk?.Dispose();
        Cov1.Dispose();
        Cov2.Dispose();
    }
}

/// <summary>A tile's place in the kernel: global offsets of its rows and columns, and whether x2 is x1.</summary>
internal readonly record struct TileOrigin(int Row0, int Col0, bool SameItems)
{
    /// <summary>A tile built outside a kernel computation: no cross entry is treated as an item with itself.</summary>
    public static TileOrigin Unknown => new(0, 0, SameItems: false);
}
