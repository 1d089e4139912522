using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>
/// A validated job without its inputs: the network read back from JSON under the configured limits, the input
/// references' byte counts checked against their shapes, and the tile grid (that of <see cref="KernelStore.Compute{T}"/>).
/// The job grain and the client need no more; a worker, which computes tiles, builds a <see cref="PreparedJob"/>.
/// </summary>
internal class JobPlan
{
    protected JobPlan(JobPlan plan)
        : this(plan.Spec, plan.Network, plan.Tiles, plan.Outputs, plan.MaxTileBytes)
    {
    }

    private JobPlan(KernelJobSpec spec, ILayer network, List<StoredTile> tiles, KernelOutputs outputs, long maxTileBytes)
    {
        Spec = spec;
        Network = network;
        Tiles = tiles;
        Outputs = outputs;
        MaxTileBytes = maxTileBytes;
    }

    /// <summary>The job as received.</summary>
    public KernelJobSpec Spec { get; }

    public ILayer Network { get; }

    public List<StoredTile> Tiles { get; }

    public KernelOutputs Outputs { get; }

    /// <summary>Whether the job has an x2 (else x1 against itself, and the store has no cov2).</summary>
    public bool HasX2 => Spec.X2 is not null;

    /// <summary>The most bytes a computed tile may hold (<see cref="DistributedSiloOptions.MaxTileBytes"/>).</summary>
    public long MaxTileBytes { get; }

    /// <summary>The tile at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the job's grid.</exception>
    public StoredTile Tile(int index) => index >= 0 && index < Tiles.Count
        ? Tiles[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Tile {index} is outside the job's grid of {Tiles.Count} tiles (0…{Tiles.Count - 1}).");

    /// <summary>Validates <paramref name="spec"/> against <paramref name="limits"/> without copying its inputs.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or over a limit; the message says what.</exception>
    /// <exception cref="NetworkJsonException">The network JSON is malformed, over a limit, or not a valid network.</exception>
    public static JobPlan Create(KernelJobSpec spec, DistributedSiloOptions limits)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        int elementBytes = spec.Precision switch
        {
            KernelPrecision.Float32 => sizeof(float),
            KernelPrecision.Float64 => sizeof(double),
            _ => throw new ArgumentException($"Unknown precision {(int)spec.Precision}; expected Float32 or Float64.", nameof(spec)),
        };
        if (spec.TileItems < 1) throw new ArgumentException($"The tile size must be at least 1 item, got {spec.TileItems}.", nameof(spec));
        var outputs = (KernelOutputs)spec.Outputs;
        if ((outputs & ~KernelOutputs.Both) != 0 || (outputs & KernelOutputs.Both) == 0)
            throw new ArgumentException($"Outputs {spec.Outputs} is not Nngp (1), Ntk (2) or Both (3).", nameof(spec));
        // Sizes first, from the received lengths alone: nothing is built for a job over a limit.
        long inputBytes = Math.Max(0, spec.X1?.Bytes ?? 0) + Math.Max(0, spec.X2?.Bytes ?? 0);
        if (inputBytes > limits.MaxInputBytes)
            throw new ArgumentException($"The inputs hold {inputBytes} bytes, more than the limit of {limits.MaxInputBytes} (DistributedSiloOptions.MaxInputBytes).", nameof(spec));
        var x1 = InputShape(spec.X1, "x1", elementBytes);
        var x2 = spec.X2 is null ? null : InputShape(spec.X2, "x2", elementBytes);
        int n1 = x1[0], n2 = x2?[0] ?? n1;
        long blocks1 = (n1 + (long)spec.TileItems - 1) / spec.TileItems, blocks2 = (n2 + (long)spec.TileItems - 1) / spec.TileItems;
        // The most tiles the grid can have (all of them when x1 is not mirrored against itself); checked before the network is read.
        if (blocks1 * blocks2 > limits.MaxTiles && (x2 is not null || blocks1 * (blocks1 + 1) / 2 > limits.MaxTiles))
            throw new ArgumentException($"{n1} × {n2} items in tiles of {spec.TileItems} make more than {limits.MaxTiles} tiles (DistributedSiloOptions.MaxTiles); use larger tiles.", nameof(spec));
        // The smallest a tile's message can be (a kernel's spatial axes only add to it): a job whose tiles cannot reach
        // the client would stall at its first tile.
        long tileBytes;
        try
        {
            tileBytes = checked(Math.Min(spec.TileItems, n1) * (long)Math.Min(spec.TileItems, n2) * elementBytes * int.PopCount((int)outputs));
        }
        catch (OverflowException)
        {
            tileBytes = long.MaxValue;
        }
        if (tileBytes > limits.MaxTileBytes)
            throw new ArgumentException($"Tiles of {spec.TileItems} items hold at least {tileBytes} bytes, more than the limit of {limits.MaxTileBytes} (DistributedSiloOptions.MaxTileBytes); use smaller tiles.", nameof(spec));
        var network = NetworkJson.FromJson(spec.NetworkJson ?? throw new ArgumentException("The job has no network.", nameof(spec)), limits.NetworkLimits);
        bool mirror = x2 is null && network.OutputShape(x1).Length == 2;
        var tiles = StoredTile.Grid(n1, n2, spec.TileItems, x2 is null, mirror);
        if (tiles.Count > limits.MaxTiles)
            throw new ArgumentException($"{n1} × {n2} items in tiles of {spec.TileItems} make {tiles.Count} tiles, more than {limits.MaxTiles} (DistributedSiloOptions.MaxTiles); use larger tiles.", nameof(spec));
        return new JobPlan(spec, network, tiles, outputs, limits.MaxTileBytes);
    }

    /// <summary>An input's shape, after checking that its byte count is exactly the shape's elements, that it has items and names a SHA-256.</summary>
    private static int[] InputShape(InputRef? input, string name, int elementBytes)
    {
        if (input is null) throw new ArgumentException($"The job has no {name}.", name);
        long elements;
        try
        {
            elements = WireShape.Elements(input.Shape, name);
        }
        catch (InvalidDataException invalid)
        {
            throw new ArgumentException(invalid.Message, name, invalid);
        }
        if (input.Bytes != elements * elementBytes)
            throw new ArgumentException($"{name}: {input.Bytes} bytes do not hold shape ({WireShape.Text(input.Shape)}) of {elementBytes}-byte elements ({elements * elementBytes} bytes).", name);
        if (input.Shape.Length == 0 || input.Shape[0] == 0)
            throw new ArgumentException($"{name} must have at least one item, got shape ({WireShape.Text(input.Shape)}).", name);
        if (input.Sha256 is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"{name}: '{input.Sha256}' is not a SHA-256 (64 lowercase hex digits).", name);
        return input.Shape;
    }
}
