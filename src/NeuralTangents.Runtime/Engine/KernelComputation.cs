using System.Diagnostics;
using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Rules;
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
        var (features1, features2, inputShape) = ValidateInputs(network, x1, x2);
        var output = network.Infer(new[] { new BranchSignature(inputShape, isGaussian: false) }, forKernel: true);
        if (output.Length != 1)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.BranchCountMismatch, "network",
                $"{network.Name} ends with {output.Length} branches; a network must end with one (join them with a FanIn layer)."));
        if (output[0].Shape.Length > 2)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.UnsupportedLayout, "network",
                $"{network.Name} outputs activations with spatial axes (shape {output[0].ShapeText}); this version returns kernels of items × channels outputs only: end the network with Flatten or a global pooling layer."));
        var spatial = inputShape.Length > 2 ? SpatialDemand.For(network, inputShape) : null;

        var engine = options.Engine ?? KernelEngine.Default;
        bool wantNtk = (get & KernelOutputs.Ntk) != 0;
        bool wantNngp = (get & KernelOutputs.Nngp) != 0;
        bool x1IsX2 = x2 is null || ReferenceEquals(x1, x2) || x1.Data.AsSpan().SequenceEqual(x2.Data);
        int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
        int elementSize = Marshal.SizeOf<T>();
        CheckResultFits(n1, n2, elementSize, (wantNngp ? 1 : 0) + (wantNtk ? 1 : 0), options);

        // Spatial inputs always take the interpreted layers: fused chains cover pointwise networks only.
        var host = spatial is null ? tiles as IHostTileKernel<T> : null;
        bool onHost = host is not null && host.RunsOnHost(engine);
        var plan = TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, tiles.PeakBranches,
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric: x1IsX2, spatial);

        var gram = spatial is null ? new GramBlocks<T>(x1.Data, features1, (x2 ?? x1).Data, features2, sameInputs: x1IsX2) : null;
        var spatialGram = spatial is null ? null
            : new SpatialGram<T>(x1.Data, (x2 ?? x1).Data, spatial.InputLayout.Size, inputShape[^1], spatial.InputLayout);
        if (gram is not null) tiles.Prepare(gram, output[0]);
        // Not cleared: every path writes every entry, and clearing 800 MB (a 10 000² kernel with NTK) is a pass of its own.
        var nngp = wantNngp ? GC.AllocateUninitializedArray<T>(checked(n1 * n2)) : null;
        var ntk = wantNtk ? GC.AllocateUninitializedArray<T>(checked(n1 * n2)) : null;
        var cov1 = new T[n1];
        var cov2 = new T[n2];
        var signature = output[0];
        var stopwatch = Stopwatch.StartNew();
        if (onHost && plan.Symmetric)
        {
            signature = SymmetricOnHost(host!, gram!, n1, Math.Min(plan.RowTile, HostBandRows), nngp, ntk, cov1, options, stopwatch);
            if (x2 is not null) cov1.CopyTo(cov2, 0);
        }
        else
        {
            var staging = new T[(long)plan.RowTile * plan.ColTile * (spatial?.InputEntriesPerPair ?? 1)];
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
                            : ComputeSpatialTile(network, engine, spatialGram, spatial!.InputLayout, new TileOrigin(r0, c0, x1IsX2), rows, cols, wantNtk, inputShape, staging);
                        signature = tileResult.Signature;
                        if (nngp is not null) Store(tileResult.Nngp, span, nngp, n2, r0, rows, c0, cols, mirror);
                        if (ntk is not null) Store(tileResult.Ntk!, span, ntk, n2, r0, rows, c0, cols, mirror);
                        if (firstOfRow) tileResult.Cov1.Flat().CopyToCPU(cov1.AsSpan(r0, rows));
                        if (firstOfColumn) tileResult.Cov2.Flat().CopyToCPU(cov2.AsSpan(c0, cols));
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
        return new Kernel<T>
        {
            Nngp = nngp is null ? null : new Tensor<T>(nngp, n1, n2),
            Ntk = ntk is null ? null : new Tensor<T>(ntk, n1, n2),
            Cov1 = new Tensor<T>(cov1, n1),
            Cov2 = x2 is null ? null : new Tensor<T>(cov2, n2),
            IsGaussian = signature.IsGaussian,
            X1IsX2 = x1IsX2,
            Shape1 = shape1,
            Shape2 = shape2,
            DiagonalBatch = true,
            DiagonalSpatial = false,
        };
    }

    /// <summary>The tile plan for inputs of <paramref name="inputShape"/> (batch axis first), spatial or not, before anything is allocated.</summary>
    internal static TilePlan PlanFor(LayerBase network, int[] inputShape, int n1, int n2, int elementSize, bool wantNtk, bool symmetric, KernelOptions options, KernelEngine engine)
    {
        var shape = (int[])inputShape.Clone();
        shape[0] = -1;
        var spatial = shape.Length > 2 && !StartsWithFlatten(network) ? SpatialDemand.For(network, shape) : null;
        return TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, network.PeakBranches(1),
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric, spatial);
    }

    private static KernelTile<T> ComputeSpatialTile<T>(LayerBase network, KernelEngine engine, SpatialGram<T> gram, SpatialLayout layout,
        TileOrigin origin, int rows, int cols, bool wantNtk, int[] inputShape, T[] staging) where T : unmanaged, IFloatingPointIeee754<T>
    {
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
            Demand = new[] { SpatialForm.Diagonal },
            Origin = origin,
        };
        var result = network.Propagate(new[] { tile }, engine);
        engine.Accelerator.Synchronize();
        return result[0];
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

    private static void CheckResultFits(int n1, int n2, int elementSize, int arrays, KernelOptions options)
    {
        long needed = (long)n1 * n2 * elementSize * arrays;
        long allowed = options.MaxResultBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        if (needed > allowed || (long)n1 * n2 > Array.MaxLength)
            throw new InsufficientMemoryException(
                $"The kernel result needs {needed} bytes ({arrays} array(s) of {n1}×{n2} entries of {elementSize} bytes) but at most {allowed} bytes are allowed; " +
                "compute it in row blocks (slice x1), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
    }
}
