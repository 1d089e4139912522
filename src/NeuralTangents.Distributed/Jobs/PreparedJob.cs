using System.Numerics;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>
/// A validated job: its network read back from JSON under the configured limits, its inputs checked against their
/// shapes, and its tile grid (that of <see cref="KernelStore.Compute{T}"/>). Both the job grain and the workers build
/// one from what they receive before using any of it.
/// </summary>
internal abstract class PreparedJob
{
    protected PreparedJob(ILayer network, List<StoredTile> tiles, KernelOutputs outputs, bool hasX2)
    {
        Network = network;
        Tiles = tiles;
        Outputs = outputs;
        HasX2 = hasX2;
    }

    public ILayer Network { get; }

    public List<StoredTile> Tiles { get; }

    public KernelOutputs Outputs { get; }

    /// <summary>Whether the job has an x2 (else x1 against itself, and the store has no cov2).</summary>
    public bool HasX2 { get; }

    /// <summary>Computes tile <paramref name="index"/> (checked against the grid) as <see cref="KernelStore.Compute{T}"/> does.</summary>
    public abstract TileResult Compute(int index);

    /// <summary>The tile at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the job's grid.</exception>
    public StoredTile Tile(int index) => index >= 0 && index < Tiles.Count
        ? Tiles[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Tile {index} is outside the job's grid of {Tiles.Count} tiles (0…{Tiles.Count - 1}).");

    /// <summary>Validates <paramref name="spec"/> against <paramref name="limits"/> and prepares it.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or over a limit; the message says what.</exception>
    /// <exception cref="NetworkJsonException">The network JSON is malformed, over a limit, or not a valid network.</exception>
    public static PreparedJob Create(KernelJobSpec spec, DistributedSiloOptions limits)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Precision switch
        {
            KernelPrecision.Float32 => PreparedJob<float>.Create(spec, limits),
            KernelPrecision.Float64 => PreparedJob<double>.Create(spec, limits),
            _ => throw new ArgumentException($"Unknown precision {(int)spec.Precision}; expected Float32 or Float64.", nameof(spec)),
        };
    }
}

/// <summary>A <see cref="PreparedJob"/> of element type <typeparamref name="T"/>.</summary>
internal sealed class PreparedJob<T> : PreparedJob where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _x1;
    private readonly Tensor<T>? _x2;

    private PreparedJob(ILayer network, List<StoredTile> tiles, KernelOutputs outputs, Tensor<T> x1, Tensor<T>? x2)
        : base(network, tiles, outputs, x2 is not null)
    {
        _x1 = x1;
        _x2 = x2;
    }

    public static new PreparedJob<T> Create(KernelJobSpec spec, DistributedSiloOptions limits)
    {
        if (spec.TileItems < 1) throw new ArgumentException($"The tile size must be at least 1 item, got {spec.TileItems}.", nameof(spec));
        var outputs = (KernelOutputs)spec.Outputs;
        if ((outputs & ~KernelOutputs.Both) != 0 || (outputs & KernelOutputs.Both) == 0)
            throw new ArgumentException($"Outputs {spec.Outputs} is not Nngp (1), Ntk (2) or Both (3).", nameof(spec));
        // Sizes first, from the received lengths alone: nothing is copied or built for a job over a limit.
        long inputBytes = (spec.X1?.Data?.LongLength ?? 0) + (spec.X2?.Data?.LongLength ?? 0);
        if (inputBytes > limits.MaxInputBytes)
            throw new ArgumentException($"The inputs hold {inputBytes} bytes, more than the limit of {limits.MaxInputBytes} (DistributedSiloOptions.MaxInputBytes).", nameof(spec));
        var x1 = Input(spec.X1, "x1");
        var x2 = spec.X2 is null ? null : Input(spec.X2, "x2");
        int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
        long blocks1 = (n1 + (long)spec.TileItems - 1) / spec.TileItems, blocks2 = (n2 + (long)spec.TileItems - 1) / spec.TileItems;
        // The most tiles the grid can have (all of them when x1 is not mirrored against itself); checked before the network is read.
        if (blocks1 * blocks2 > limits.MaxTiles && (x2 is not null || blocks1 * (blocks1 + 1) / 2 > limits.MaxTiles))
            throw new ArgumentException($"{n1} × {n2} items in tiles of {spec.TileItems} make more than {limits.MaxTiles} tiles (DistributedSiloOptions.MaxTiles); use larger tiles.", nameof(spec));
        var network = NetworkJson.FromJson(spec.NetworkJson ?? throw new ArgumentException("The job has no network.", nameof(spec)), limits.NetworkLimits);
        bool mirror = x2 is null && network.OutputShape(x1.Shape).Length == 2;
        var tiles = StoredTile.Grid(n1, n2, spec.TileItems, x2 is null, mirror);
        if (tiles.Count > limits.MaxTiles)
            throw new ArgumentException($"{n1} × {n2} items in tiles of {spec.TileItems} make {tiles.Count} tiles, more than {limits.MaxTiles} (DistributedSiloOptions.MaxTiles); use larger tiles.", nameof(spec));
        return new PreparedJob<T>(network, tiles, outputs, x1, x2);
    }

    public override TileResult Compute(int index)
    {
        var tile = Tile(index);
        var rows = _x1.SliceRows(tile.Row, tile.Rows);
        var columns = tile.Diagonal ? null : (_x2 ?? _x1).SliceRows(tile.Column, tile.Columns);
        var kernel = Network.KernelFn(rows, columns, Outputs, KernelOptions.Default);
        return new TileResult(index, Wire(kernel.Nngp), Wire(kernel.Ntk), WireArray.From(kernel.Cov1), Wire(kernel.Cov2), null);
    }

    private static WireArray? Wire(Tensor<T>? tensor) => tensor is null ? null : WireArray.From(tensor);

    private static Tensor<T> Input(WireArray? array, string name)
    {
        if (array is null) throw new ArgumentException($"The job has no {name}.", name);
        Tensor<T> tensor;
        try
        {
            tensor = array.ToTensor<T>(name);
        }
        catch (InvalidDataException invalid)
        {
            throw new ArgumentException(invalid.Message, name, invalid);
        }
        if (tensor.Rank == 0 || tensor.Dim(0) == 0) throw new ArgumentException($"{name} must have at least one item, got shape {tensor.ShapeText}.", name);
        return tensor;
    }
}
