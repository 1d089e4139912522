using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralTangents.Distributed;

/// <summary>
/// A <see cref="JobPlan"/> with its inputs as tensors, ready to compute tiles: what a worker builds once per job, from
/// inputs it fetched from the client or kept from an earlier job on the same data.
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

    /// <summary>The job of <paramref name="plan"/> on inputs made by <see cref="InputTensor"/> for the plan's precision.</summary>
    /// <param name="plan">The validated job.</param>
    /// <param name="x1">x1 as a tensor of the job's precision.</param>
    /// <param name="x2">x2 likewise, or null when the job has none.</param>
    public static PreparedJob Create(JobPlan plan, object x1, object? x2) => plan.Spec.Precision == KernelPrecision.Float32
        ? new PreparedJob<float>(plan, (Tensor<float>)x1, (Tensor<float>?)x2)
        : new PreparedJob<double>(plan, (Tensor<double>)x1, (Tensor<double>?)x2);

    /// <summary>
    /// The input <paramref name="array"/> as a tensor of <paramref name="precision"/>, after checking it is the input
    /// <paramref name="reference"/> names (shape, byte count, SHA-256): what a silo receives is not trusted.
    /// </summary>
    /// <param name="reference">The input as the job names it.</param>
    /// <param name="array">The bytes received for it.</param>
    /// <param name="precision">The job's precision.</param>
    /// <param name="name">"x1" or "x2", for the error message.</param>
    /// <exception cref="ArgumentException">The array is not the input the job names.</exception>
    public static object InputTensor(InputRef reference, WireArray array, KernelPrecision precision, string name)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!reference.Matches(array))
            throw new ArgumentException($"{name} received from the client is not the job's (expected shape ({WireShape.Text(reference.Shape)}), {reference.Bytes} bytes, SHA-256 {reference.Sha256}).", name);
        return precision == KernelPrecision.Float32 ? array.ToTensor<float>(name) : array.ToTensor<double>(name);
    }

    /// <summary>A job with its inputs given as arrays (checked against its references): for a single process, as in tests.</summary>
    /// <exception cref="ArgumentException">The spec or an input is invalid.</exception>
    public static PreparedJob Create(KernelJobSpec spec, DistributedSiloOptions limits, WireArray x1, WireArray? x2)
    {
        var plan = JobPlan.Create(spec, limits);
        return Create(plan, InputTensor(spec.X1, x1, spec.Precision, "x1"),
            spec.X2 is null ? null : InputTensor(spec.X2, x2 ?? throw new ArgumentNullException(nameof(x2)), spec.Precision, "x2"));
    }
}

/// <summary>A <see cref="PreparedJob"/> of element type <typeparamref name="T"/>.</summary>
internal sealed class PreparedJob<T> : PreparedJob where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _x1;
    private readonly Tensor<T>? _x2;

    public PreparedJob(JobPlan plan, Tensor<T> x1, Tensor<T>? x2)
        : base(plan)
    {
        _x1 = x1;
        _x2 = x2;
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
