using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralTangents.Distributed;

/// <summary>
/// A <see cref="JobPlan"/> with its inputs as tensors, ready to compute tiles: what a worker builds from the job it
/// fetched (once per job and silo).
/// </summary>
internal abstract class PreparedJob : JobPlan
{
    protected PreparedJob(JobPlan plan)
        : base(plan)
    {
    }

    /// <summary>Computes tile <paramref name="index"/> (checked against the grid) as <see cref="KernelStore.Compute{T}"/> does.</summary>
    /// <exception cref="ArgumentException">The engine rejects the inputs, or the tile holds more than <see cref="JobPlan.MaxTileBytes"/>.</exception>
    public abstract TileResult Compute(int index);

    /// <summary>Validates <paramref name="spec"/> against <paramref name="limits"/> and prepares it.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or over a limit; the message says what.</exception>
    /// <exception cref="NetworkJsonException">The network JSON is malformed, over a limit, or not a valid network.</exception>
    public static new PreparedJob Create(KernelJobSpec spec, DistributedSiloOptions limits)
    {
        var plan = JobPlan.Create(spec, limits);
        return spec.Precision == KernelPrecision.Float32 ? new PreparedJob<float>(plan, spec) : new PreparedJob<double>(plan, spec);
    }
}

/// <summary>A <see cref="PreparedJob"/> of element type <typeparamref name="T"/>.</summary>
internal sealed class PreparedJob<T> : PreparedJob where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _x1;
    private readonly Tensor<T>? _x2;

    /// <summary>Copies the inputs of <paramref name="spec"/>, which <paramref name="plan"/> validated.</summary>
    public PreparedJob(JobPlan plan, KernelJobSpec spec)
        : base(plan)
    {
        _x1 = spec.X1.ToTensor<T>("x1");
        _x2 = spec.X2?.ToTensor<T>("x2");
    }

    public override TileResult Compute(int index)
    {
        var tile = Tile(index);
        var rows = _x1.SliceRows(tile.Row, tile.Rows);
        var columns = tile.Diagonal ? null : (_x2 ?? _x1).SliceRows(tile.Column, tile.Columns);
        var kernel = Network.KernelFn(rows, columns, Outputs, KernelOptions.Default);
        long bytes = ((kernel.Nngp?.Length ?? 0) + (kernel.Ntk?.Length ?? 0) + kernel.Cov1.Length + (kernel.Cov2?.Length ?? 0)) * (long)Unsafe.SizeOf<T>();
        if (bytes > MaxTileBytes)
            throw new ArgumentException($"Tile {index} holds {bytes} bytes (kernel shape ({string.Join(", ", (kernel.Nngp ?? kernel.Ntk)!.Shape)})), more than the limit of {MaxTileBytes} (DistributedSiloOptions.MaxTileBytes); use smaller tiles.");
        return TileResult.Pack(index, kernel.Nngp, kernel.Ntk, kernel.Cov1, kernel.Cov2);
    }
}
