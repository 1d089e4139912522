using System.Diagnostics;
using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Rules;
using NeuralTangents.Memory;
using NeuralTangents.Layers;
using NeuralTangents.Layers.Combinators;
using NeuralTangents.Layers.Linear;
using NeuralTangents.Validation;

namespace NeuralTangents.Engine;

/// <summary>
/// Computes a network's infinite-width kernel tile by tile: the input Gram block through the BLAS backend
/// on the host, then every layer's kernel rule on the device, then the tile is copied into the result.
/// When x2 is x1 only tiles on and above the diagonal are computed and the rest mirrored.
/// </summary>
internal static class KernelComputation
{
    public static Kernel<T> Run<T>(LayerBase network, Tensor<T> x1, Tensor<T>? x2, KernelOutputs get, KernelOptions options)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(network, new InterpretedTiles<T>(network), x1, x2, get, options);

    /// <summary>
    /// The computation with the tile propagation of <paramref name="tiles"/> (the interpreted layers, or a fused
    /// kernel); <paramref name="network"/> still supplies validation and shape inference.
    /// </summary>
    public static Kernel<T> Run<T>(LayerBase network, ITileKernel<T> tiles, Tensor<T> x1, Tensor<T>? x2, KernelOutputs get, KernelOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x1);
        if ((get & KernelOutputs.Both) == 0 || (get & ~KernelOutputs.Both) != 0)
            throw new ArgumentOutOfRangeException(nameof(get), get, "get must be Nngp, Ntk or Both.");
        // Masked entries are zeroed before anything else looks at the inputs (a NaN mask constant marks NaN entries).
        var (mask1, mask2) = InputMasks(network, ref x1, ref x2, options.MaskConstant);
        var (features1, features2, inputShape) = ValidateInputs(network, x1, x2);
        var output = network.Infer(new[] { new BranchSignature(inputShape, isGaussian: false) }, forKernel: true);
        if (output.Length != 1)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.BranchCountMismatch, "network",
                $"{network.Name} ends with {output.Length} branches; a network must end with one (join them with a FanIn layer)."));
        // Outputs that keep spatial axes are returned in the form asked for (Neural Tangents' diagonal_spatial).
        var outputForm = OutputForm(output[0], options);
        var result = outputForm == SpatialForm.None ? null : SpatialResultLayout.For(SpatialLayout.For(output[0].Shape, outputForm));
        var spatial = DemandFor(network, inputShape, outputForm);

        var engine = options.Engine ?? KernelEngine.Default;
        bool wantNtk = (get & KernelOutputs.Ntk) != 0;
        bool wantNngp = (get & KernelOutputs.Nngp) != 0;
        int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
        var (pattern1, pattern2) = Patterns(options, x2 is null, n1, n2);
        // Mirroring needs the same graphs on both sides too.
        bool x1IsX2 = (x2 is null || ReferenceEquals(x1, x2) || x1.Data.AsSpan().SequenceEqual(x2.Data))
            && (pattern1 is null || pattern1.SameGraphs(pattern2!));
        using var scope = LayerArguments.Enter(new LayerArguments(null, pattern1, pattern2));
        int elementSize = Marshal.SizeOf<T>();
        int perPair = result?.PerPair ?? 1;
        CheckResultFits(n1, n2, x2 is null ? 0 : n2, perPair, elementSize, (wantNngp ? 1 : 0) + (wantNtk ? 1 : 0), result?.Layout, options);

        // Spatial inputs always take the interpreted layers: fused chains cover pointwise networks only.
        var host = spatial is null ? tiles as IHostTileKernel<T> : null;
        bool onHost = host is not null && host.RunsOnHost(engine);
        var plan = TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, tiles.PeakBranches,
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric: x1IsX2, spatial);

        var gram = spatial is null ? new GramBlocks<T>(x1.Data, features1, (x2 ?? x1).Data, features2, sameInputs: x1IsX2) : null;
        var spatialGram = spatial is null ? null
            : new SpatialGram<T>(x1.Data, (x2 ?? x1).Data, spatial.InputLayout.Size, inputShape[^1], spatial.InputLayout);
        if (gram is not null) tiles.Prepare(gram, output[0]);
        // Items × items results are not cleared: every path writes every entry, and clearing 800 MB (a 10 000² kernel
        // with NTK) is a pass of its own. Spatial results are cleared (their copies write through a layout map).
        long resultValues = (long)n1 * n2 * perPair;
        T[] Result() => result is null ? LargeArrays.Uninitialized<T>(resultValues) : new T[resultValues];
        var nngp = wantNngp ? Result() : null;
        var ntk = wantNtk ? Result() : null;
        var cov1 = new T[(long)n1 * perPair];
        var cov2 = new T[(long)n2 * perPair];
        var signature = output[0];
        var stopwatch = Stopwatch.StartNew();
        if (onHost && plan.Symmetric)
        {
            signature = SymmetricOnHost(host!, gram!, n1, Math.Min(plan.RowTile, HostBandRows), nngp, ntk, cov1, options, stopwatch);
            if (x2 is not null) cov1.CopyTo(cov2, 0);
        }
        else
        {
            var staging = new T[(long)plan.RowTile * plan.ColTile * Math.Max(spatial?.InputEntriesPerPair ?? 1, perPair)];
            int tilesDone = 0;
            long entriesDone = 0;

            for (int rowTile = 0; rowTile < plan.RowTiles; rowTile++)
            {
                for (int colTile = plan.Symmetric ? rowTile : 0; colTile < plan.ColTiles; colTile++)
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    int r0 = rowTile * plan.RowTile, rows = Math.Min(plan.RowTile, n1 - r0);
                    int c0 = colTile * plan.ColTile, cols = Math.Min(plan.ColTile, n2 - c0);
                    bool mirror = plan.Symmetric && colTile != rowTile;
                    bool firstOfRow = colTile == (plan.Symmetric ? rowTile : 0), firstOfColumn = rowTile == 0 || plan.Symmetric && colTile == rowTile;
                    var span = staging.AsSpan(0, rows * cols);
                    if (onHost)
                    {
                        // Straight into the result (the staging holds the nngp only when it is not requested).
                        Span<T> tileCov1 = firstOfRow ? cov1.AsSpan(r0, rows) : new T[rows], tileCov2 = firstOfColumn ? cov2.AsSpan(c0, cols) : new T[cols];
                        signature = ComputeOnHost(host!, gram!, r0, rows, c0, cols, nngp ?? staging, nngp is null ? 0 : (long)r0 * n2 + c0,
                            nngp is null ? cols : n2, ntk, (long)r0 * n2 + c0, n2, tileCov1, tileCov2);
                    }
                    else
                    {
                        using var tileResult = spatialGram is null
                            ? tiles.Compute(engine, gram!, r0, rows, c0, cols, wantNtk, inputShape, staging)
                            : ComputeSpatialTile(network, tiles, engine, spatialGram, spatial!, outputForm, new TileOrigin(r0, c0, x1IsX2), rows, cols, wantNtk, inputShape, staging,
                                TileMasks(mask1, mask2, n1, n2, r0, rows, c0, cols));
                        signature = tileResult.Signature;
                        if (result is null)
                        {
                            if (nngp is not null) Store(tileResult.Nngp, span, nngp, n2, r0, rows, c0, cols, mirror);
                            if (ntk is not null) Store(tileResult.Ntk!, span, ntk, n2, r0, rows, c0, cols, mirror);
                            if (firstOfRow) tileResult.Cov1.Flat().CopyToCPU(cov1.AsSpan(r0, rows));
                            if (firstOfColumn) tileResult.Cov2.Flat().CopyToCPU(cov2.AsSpan(c0, cols));
                        }
                        else
                        {
                            StoreSpatial(tileResult, result, staging, nngp, ntk, cov1, cov2, n2, r0, rows, c0, cols, mirror, firstOfRow, firstOfColumn);
                        }
                    }
                    tilesDone++;
                    entriesDone += (long)rows * cols * (plan.Symmetric && colTile != rowTile ? 2 : 1);
                    options.Progress?.Report(new KernelProgress(tilesDone, plan.TilesComputed, entriesDone, stopwatch.Elapsed));
                }
            }
        }

        var shape1 = (int[])signature.Shape.Clone();
        var shape2 = (int[])signature.Shape.Clone();
        shape1[0] = n1;
        shape2[0] = n2;
        var kernelShape = result?.KernelShape(n1, n2) ?? new[] { n1, n2 };
        return new Kernel<T>
        {
            Nngp = nngp is null ? null : new Tensor<T>(nngp, kernelShape),
            Ntk = ntk is null ? null : new Tensor<T>(ntk, kernelShape),
            Cov1 = new Tensor<T>(cov1, result?.VarianceShape(n1) ?? new[] { n1 }),
            Cov2 = x2 is null ? null : new Tensor<T>(cov2, result?.VarianceShape(n2) ?? new[] { n2 }),
            IsGaussian = signature.IsGaussian,
            X1IsX2 = x1IsX2,
            Shape1 = shape1,
            Shape2 = shape2,
            DiagonalBatch = true,
            DiagonalSpatial = outputForm == SpatialForm.Diagonal,
        };
    }

    /// <summary>
    /// With a mask constant: the position masks of x1 and x2 (x2's are x1's when x2 is null), and the inputs replaced
    /// by copies with the masked entries zeroed. Masks need spatial axes that reach the network.
    /// </summary>
    private static (bool[]? Mask1, bool[]? Mask2) InputMasks<T>(LayerBase network, ref Tensor<T> x1, ref Tensor<T>? x2, double? constant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (constant is not double value) return (null, null);
        if (x1.Rank <= 2 || StartsWithFlatten(network))
            throw new NotSupportedException(
                $"Masking (KernelOptions.MaskConstant) needs inputs with spatial axes (batch, positions…, channels) that reach the network; got x1 of shape {x1.ShapeText}{(StartsWithFlatten(network) ? " into a network that starts with Flatten" : string.Empty)}.");
        var mask1 = Layers.Masking.PositionMasks.FromInputs(x1, value, out var zeroed1);
        x1 = zeroed1;
        if (x2 is null) return (mask1, mask1);
        var mask2 = Layers.Masking.PositionMasks.FromInputs(x2, value, out var zeroed2);
        x2 = zeroed2;
        return (mask1, mask2);
    }

    /// <summary>The masks of a tile's rows and columns (each item's S flags), or null without masks.</summary>
    private static (bool[] Rows, bool[] Cols)? TileMasks(bool[]? mask1, bool[]? mask2, int n1, int n2, int r0, int rows, int c0, int cols)
    {
        if (mask1 is null || mask2 is null) return null;
        int s = mask1.Length / n1;
        return (mask1.AsSpan(r0 * s, rows * s).ToArray(), mask2.AsSpan(c0 * s, cols * s).ToArray());
    }

    /// <summary>The graph patterns of both sides (both or neither; x1's serve x2 when x2 is null), checked against the item counts.</summary>
    private static (GraphPattern? First, GraphPattern? Second) Patterns(KernelOptions options, bool selfKernel, int n1, int n2)
    {
        var (first, second) = (options.Pattern1, options.Pattern2);
        if (first is null && second is null) return (null, null);
        if (selfKernel && second is null) second = first;
        if (first is null || second is null)
            throw new ArgumentException(
                $"Give graph patterns for both x1 and x2 (KernelOptions.Pattern1 and Pattern2) or neither; got only {(first is null ? "Pattern2" : "Pattern1")}.", nameof(options));
        if (first.Items != n1)
            throw new ArgumentException($"KernelOptions.Pattern1 has {first.Items} graph(s) but x1 has {n1} item(s); give one graph per item.", nameof(options));
        if (second.Items != n2)
            throw new ArgumentException($"KernelOptions.Pattern2 has {second.Items} graph(s) but x2 has {n2} item(s); give one graph per item.", nameof(options));
        return (first, second);
    }

    /// <summary>The form of the returned kernels: none for items × channels outputs, else the one the options ask for.</summary>
    internal static SpatialForm OutputForm(BranchSignature output, KernelOptions options) =>
        output.Shape.Length <= 2 ? SpatialForm.None : options.DiagonalSpatial ? SpatialForm.Diagonal : SpatialForm.Full;

    /// <summary>Copies a tile of spatial outputs into Neural Tangents' layout (and its transpose into the mirrored place).</summary>
    private static void StoreSpatial<T>(KernelTile<T> tile, SpatialResultLayout result, T[] staging, T[]? nngp, T[]? ntk, T[] cov1, T[] cov2,
        int n2, int r0, int rows, int c0, int cols, bool mirror, bool firstOfRow, bool firstOfColumn) where T : unmanaged
    {
        if (tile.Layout.Form != result.Layout.Form)
            throw new InvalidOperationException($"The network's last layer produced a {tile.Layout} covariance where {result.Layout} was planned (the layout requirement was not propagated).");
        int pairs = rows * cols * result.PerPair;
        if (nngp is not null)
        {
            tile.Nngp.Flat().SubView(0, pairs).CopyToCPU(staging.AsSpan(0, pairs));
            result.Place<T>(staging.AsSpan(0, pairs), nngp, n2, r0, rows, c0, cols, mirror);
        }
        if (ntk is not null)
        {
            tile.Ntk!.Flat().SubView(0, pairs).CopyToCPU(staging.AsSpan(0, pairs));
            result.Place<T>(staging.AsSpan(0, pairs), ntk, n2, r0, rows, c0, cols, mirror);
        }
        if (firstOfRow)
        {
            int length = rows * result.PerPair;
            tile.Cov1.Flat().SubView(0, length).CopyToCPU(staging.AsSpan(0, length));
            result.PlaceVariances<T>(staging.AsSpan(0, length), cov1, r0, rows);
        }
        if (firstOfColumn)
        {
            int length = cols * result.PerPair;
            tile.Cov2.Flat().SubView(0, length).CopyToCPU(staging.AsSpan(0, length));
            result.PlaceVariances<T>(staging.AsSpan(0, length), cov2, c0, cols);
        }
    }

    /// <summary>The tile plan for inputs of <paramref name="inputShape"/> (batch axis first), spatial or not, before anything is allocated.</summary>
    internal static TilePlan PlanFor(LayerBase network, int[] inputShape, int n1, int n2, int elementSize, bool wantNtk, bool symmetric, KernelOptions options, KernelEngine engine)
    {
        var shape = (int[])inputShape.Clone();
        shape[0] = -1;
        var output = network.Infer(new[] { new BranchSignature(shape, isGaussian: false) }, forKernel: true);
        var outputForm = output.Length == 1 ? OutputForm(output[0], options) : SpatialForm.None;
        var spatial = StartsWithFlatten(network) ? null : DemandFor(network, shape, outputForm);
        return TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, network.PeakBranches(1),
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric, spatial);
    }

    /// <summary>
    /// The spatial covariance plan for kernel inputs of <paramref name="kernelShape"/> (null without spatial axes) when
    /// the output is wanted in <paramref name="outputForm"/>; outputs without spatial axes need the default demand.
    /// </summary>
    private static SpatialDemand? DemandFor(LayerBase network, int[] kernelShape, SpatialForm outputForm) =>
        kernelShape.Length > 2 ? SpatialDemand.For(network, kernelShape, outputForm == SpatialForm.None ? CovarianceDemand.OfOutput : outputForm) : null;

    private static KernelTile<T> ComputeSpatialTile<T>(LayerBase network, ITileKernel<T> tiles, KernelEngine engine, SpatialGram<T> gram, SpatialDemand spatial,
        SpatialForm outputForm, TileOrigin origin, int rows, int cols, bool wantNtk, int[] inputShape, T[] staging, (bool[] Rows, bool[] Cols)? masks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = spatial.InputLayout;
        int r0 = origin.Row0, c0 = origin.Col0;
        long per = layout.EntriesPerPair;
        long entries = (long)rows * cols * per;
        var span = staging.AsSpan(0, (int)entries);
        gram.Cross(r0, rows, c0, cols, span);
        var nngp = engine.Allocate<T>(entries);
        nngp.Flat().SubView(0, entries).CopyFromCPU(span);
        MemoryBuffer1D<T, Stride1D.Dense>? ntk = null;
        if (wantNtk)
        {
            ntk = engine.Allocate<T>(entries);
            ntk.MemSetToZero();
        }
        var cov1 = engine.Allocate<T>(rows * per);
        gram.Own(second: false, r0, rows, span[..(int)(rows * per)]);
        cov1.Flat().SubView(0, rows * per).CopyFromCPU(span[..(int)(rows * per)]);
        var cov2 = engine.Allocate<T>(cols * per);
        gram.Own(second: true, c0, cols, span[..(int)(cols * per)]);
        cov2.Flat().SubView(0, cols * per).CopyFromCPU(span[..(int)(cols * per)]);
        var tile = new KernelTile<T>(nngp, ntk, cov1, cov2, rows, cols, new BranchSignature(inputShape, isGaussian: false), layout)
        {
            Demand = new[] { outputForm == SpatialForm.Full ? SpatialForm.Full : SpatialForm.Diagonal },
            Origin = origin,
            Mask1 = masks?.Rows,
            Mask2 = masks?.Cols,
        };
        // A generated split kernel (interpreted head, fused tail) runs unmasked tiles; masked ones take the layers' mask rules.
        var result = masks is null && tiles is ISpatialTileKernel<T> split
            ? split.Propagate(tile, engine)
            : network.PropagateWithMasks(new[] { tile }, engine)[0];
        // Pooling at the top builds the full form; keep the diagonal when only that is asked for.
        if (outputForm == SpatialForm.Diagonal) result = SpatialTiles.ToDiagonal(engine, result);
        engine.Accelerator.Synchronize();
        return result;
    }

    private static unsafe BranchSignature ComputeOnHost<T>(IHostTileKernel<T> host, GramBlocks<T> gram, int r0, int rows, int c0, int cols,
        T[] nngp, long nngpOffset, int nngpStride, T[]? ntk, long ntkOffset, int ntkStride, Span<T> cov1, Span<T> cov2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ntk is not null && ntkStride != nngpStride)
        {
            // Only when the nngp is not requested (it lives in the staging): compute with the ntk's layout there too.
            var scratch = new T[(long)(rows - 1) * ntkStride + cols];
            fixed (T* k = scratch)
            fixed (T* t = ntk)
                return host.ComputeOnHost(gram, r0, rows, c0, cols, k, t + ntkOffset, ntkStride, cov1, cov2);
        }
        fixed (T* k = nngp)
        fixed (T* t = ntk)
            return host.ComputeOnHost(gram, r0, rows, c0, cols, k + nngpOffset, ntk is null ? null : t + ntkOffset, nngpStride, cov1, cov2);
    }

    /// <summary>
    /// Rows per band of a symmetric kernel on the host: one row of GEMM cells, so that a band starting on the diagonal
    /// starts on a cell, and the diagonal block it computes twice (rows²/2 entries) is a small share.
    /// </summary>
    private const int HostBandRows = GramBlocks<float>.CellRows;

    /// <summary>
    /// A symmetric kernel (x2 is x1) on the host, band by band: each band computes its rows from the diagonal on and
    /// writes their transposes below it (<see cref="IHostTileKernel{T}.ComputeSymmetricBand"/>), so no tile is
    /// read back from memory to be mirrored. Progress counts bands as tiles.
    /// </summary>
    private static unsafe BranchSignature SymmetricOnHost<T>(IHostTileKernel<T> host, GramBlocks<T> gram, int n, int bandRows,
        T[]? nngp, T[]? ntk, T[] cov, KernelOptions options, Stopwatch stopwatch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bands = (n + bandRows - 1) / bandRows;
        long entriesDone = 0;
        BranchSignature signature = null!;
        host.OutputVariances(0, cov);
        fixed (T* k = nngp)
        fixed (T* t = ntk)
        {
            for (int band = 0; band < bands; band++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                int r0 = band * bandRows, rows = Math.Min(bandRows, n - r0);
                signature = host.ComputeSymmetricBand(gram, r0, rows, k, t, n);
                // The band's diagonal block once, the rest of its rows and their mirror images.
                entriesDone += (long)rows * rows + 2L * rows * (n - r0 - rows);
                options.Progress?.Report(new KernelProgress(band + 1, bands, entriesDone, stopwatch.Elapsed));
            }
        }
        return signature;
    }

    private static void Store<T>(MemoryBuffer1D<T, Stride1D.Dense> source, Span<T> staging, T[] target, int n2, int r0, int rows, int c0, int cols, bool mirror)
        where T : unmanaged
    {
        source.Flat().SubView(0, (long)rows * cols).CopyToCPU(staging);
        Place(staging, target, n2, r0, rows, c0, cols, mirror);
    }

    /// <summary>
    /// Copies a rows × cols tile into the n1 × n2 result, and its transpose into the mirrored place when asked; in
    /// parallel over bands of rows (the first writes into the result also fault its pages in).
    /// </summary>
    private static void Place<T>(ReadOnlySpan<T> tile, T[] target, int n2, int r0, int rows, int c0, int cols, bool mirror)
        where T : unmanaged
    {
        // Square blocks for the transpose, so that reads and writes both stay within a few cache lines.
        const int Block = 64;
        unsafe
        {
            fixed (T* source = tile)
            {
                nint address = (nint)source;
                System.Threading.Tasks.Parallel.For(0, (rows + Block - 1) / Block, band =>
                {
                    var from = new ReadOnlySpan<T>((T*)address, rows * cols);
                    int first = band * Block, last = Math.Min(rows, first + Block);
                    for (int r = first; r < last; r++)
                        from.Slice(r * cols, cols).CopyTo(target.AsSpan((int)((long)(r0 + r) * n2 + c0), cols));
                    if (!mirror) return;
                    for (int cb = 0; cb < cols; cb += Block)
                        for (int c = cb; c < Math.Min(cb + Block, cols); c++)
                        {
                            long row = (long)(c0 + c) * n2 + r0;
                            for (int r = first; r < last; r++) target[row + r] = from[r * cols + c];
                        }
                });
            }
        }
    }

    private static (int Features1, int Features2, int[] InputShape) ValidateInputs<T>(LayerBase network, Tensor<T> x1, Tensor<T>? x2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.MinRank(x1, 2, nameof(x1), "items × features");
        Guard.AllFinite(x1, nameof(x1));
        if (x2 is not null)
        {
            if (x2.Rank != x1.Rank)
                throw new ArgumentException($"x2 must have the rank of x1 ({x1.Rank}, shape {x1.ShapeText}), got shape {x2.ShapeText}.", nameof(x2));
            for (int axis = 1; axis < x1.Rank; axis++)
                if (x2.Dim(axis) != x1.Dim(axis))
                    throw new ArgumentException($"x2 must have the feature shape of x1: x1 has shape {x1.ShapeText}, x2 has shape {x2.ShapeText} (axis {axis} differs).", nameof(x2));
            Guard.AllFinite(x2, nameof(x2));
        }
        if (x1.Dim(0) == 0) throw new ArgumentException("x1 must contain at least one item.", nameof(x1));
        if (x2 is not null && x2.Dim(0) == 0) throw new ArgumentException("x2 must contain at least one item.", nameof(x2));

        int features = x1.RowLength;
        Guard.ThrowIfInvalid(LayerRules.KernelInput(nameof(x1), x1.Shape, StartsWithFlatten(network)));
        if (x1.Rank > 2 && !StartsWithFlatten(network))
        {
            // Spatial inputs keep their axes: (batch, spatial…, channels), channels last.
            var shape = x1.Shape;
            shape[0] = -1;
            return (x1.Dim(-1), x1.Dim(-1), shape);
        }
        // Flatten-first networks see the inputs as items × features (Neural Tangents' channel_axis = None).
        int[] inputShape = x1.Rank > 2 ? new[] { -1, features } : new[] { -1, x1.Dim(1) };
        return (features, features, inputShape);
    }

    private static bool StartsWithFlatten(LayerBase network) => network switch
    {
        Flatten => true,
        Serial serial => serial.Layers.Count > 0 && StartsWithFlatten(serial.Layers[0]),
        _ => false,
    };

    /// <summary>
    /// Checks before allocating that the result fits: the requested N1×N2 arrays (times the spatial values per pair
    /// when the outputs keep spatial axes) and the variances.
    /// </summary>
    private static void CheckResultFits(int n1, int n2, int varianceItems2, int perPair, int elementSize, int arrays, SpatialLayout? layout, KernelOptions options)
    {
        long kernelValues = (long)n1 * n2 * perPair;
        long needed = (kernelValues * arrays + (long)(n1 + varianceItems2) * perPair) * elementSize;
        long allowed = options.MaxResultBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        if (needed <= allowed && kernelValues <= Array.MaxLength) return;
        if (layout is null)
            throw new InsufficientMemoryException(
                $"The kernel result needs {needed} bytes ({arrays} array(s) of {n1}×{n2} entries of {elementSize} bytes, and the variances) but at most {allowed} bytes are allowed; " +
                "compute it in row blocks (slice x1), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
        string smaller = layout.Form == SpatialForm.Full
            ? "ask for the diagonal-spatial form (KernelOptions.DiagonalSpatial = true, S values per pair instead of S²), "
            : string.Empty;
        throw new InsufficientMemoryException(
            $"The kernel result needs {needed} bytes ({arrays} array(s) of {n1}×{n2} pairs × {perPair} spatial values ({layout}) of {elementSize} bytes, and the variances) " +
            $"but at most {allowed} bytes are allowed{(kernelValues > Array.MaxLength ? $", and one array may hold at most {Array.MaxLength} values" : string.Empty)}; " +
            $"{smaller}end the network with Flatten or a global pooling layer, compute it in row blocks (slice x1), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
    }
}
