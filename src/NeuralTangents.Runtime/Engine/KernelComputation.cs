using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;
using NeuralTangents.Memory;
using NeuralTangents.Rules;
using NeuralTangents.Validation;

namespace NeuralTangents.Engine;

/// <summary>
/// Computes a network's infinite-width kernel tile by tile: the input Gram block through the BLAS backend
/// on the host, then every layer's kernel rule on the device, then the tile is copied into the result.
/// When x2 is x1 only tiles on and above the diagonal are computed and the rest mirrored.
/// </summary>
internal static partial class KernelComputation
{
    /// <summary>The kernels of <paramref name="network"/> for x1 against x2 (x1 against itself when null), with the network's own layers propagating each tile.</summary>
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
        using var scope = LayerArguments.Enter(new LayerArguments(null, pattern1, pattern2) { Cancellation = options.CancellationToken });
        int elementSize = Marshal.SizeOf<T>();
        int perPair = result?.PerPair ?? 1;
        CheckResultFits(n1, n2, x2 is null ? 0 : n2, perPair, elementSize, (wantNngp ? 1 : 0) + (wantNtk ? 1 : 0), result?.Layout, options);

        // Spatial networks the pair-major plan covers run it (host loops on the CPU, device kernels on a GPU); the others take the interpreted layers
        // (fused chains cover pointwise networks only).
        var pairPlan = spatial is not null && result is null && mask1 is null && mask2 is null && pattern1 is null
            ? FastSpatialPlan<T>(network, inputShape, spatial, engine, options, n2, out _, (tiles as IGeneratedPlanSource<T>)?.GeneratedPlan) : null;
        // Networks without spatial axes that the interpreted layers would run take the plan on the host too.
        if (spatial is null && tiles is InterpretedTiles<T> && mask1 is null && mask2 is null && pattern1 is null
            && FastPlan<T>(network, inputShape, SpatialForm.None, engine, options, n2, out _) is { } flat)
            tiles = RunsPlanOnDevice(engine, options) ? new DevicePlan.DevicePlanTiles<T>(flat, engine) : new PlanTiles<T>(flat, network, options.CancellationToken);
        // The device plan's tiles hold device buffers of their own until the computation ends.
        using var ownedTiles = tiles as IDisposable;
        var host = spatial is null ? tiles as IHostTileKernel<T> : null;
        bool onHost = host is not null && host.RunsOnHost(engine);
        // Device tiles (and the interpreted layers') cannot be interrupted: keep them small enough to end soon. Host tiles
        // check the token inside; they take rows of one GEMM cell at a time, so that progress comes once per cell row.
        var plan = TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, tiles.PeakBranches,
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric: x1IsX2, spatial,
            responsiveBytes: onHost ? null : engine.ResponsiveTileBytes);
        if (onHost && !plan.Symmetric && plan.RowTile > HostBandRows) plan = plan with { RowTile = HostBandRows };

        var gram = spatial is null
            ? new GramBlocks<T>(x1.Data, features1, (x2 ?? x1).Data, features2, sameInputs: x1IsX2, options.CancellationToken)
            : null;
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
        if (pairPlan is not null)
        {
            if (RunsPlanOnDevice(engine, options))
                DevicePlan.DevicePlanRunner.Run(pairPlan, engine, x1.Data, n1, (x2 ?? x1).Data, n2, x1IsX2, nngp, ntk, cov1, cov2, options, stopwatch);
            else
                PairPlanRunner.Run(pairPlan, x1.Data, n1, (x2 ?? x1).Data, n2, x1IsX2, nngp, ntk, cov1, cov2, options, stopwatch);
            signature = pairPlan.Output;
        }
        else if (onHost && plan.Symmetric)
        {
            signature = SymmetricOnHost(host!, gram!, n1, Math.Min(plan.RowTile, HostBandRows), nngp, ntk, cov1, options, stopwatch);
            if (x2 is not null) cov1.CopyTo(cov2, 0);
        }
        else
        {
            var staging = new T[(long)plan.RowTile * plan.ColTile * Math.Max(spatial?.InputEntriesPerPair ?? 1, perPair)];
            var hostScratch = onHost ? new HostTileScratch<T>(plan, n2) : null;
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
                        Span<T> tileCov1 = firstOfRow ? cov1.AsSpan(r0, rows) : hostScratch!.DiscardedRowVariances(rows);
                        Span<T> tileCov2 = firstOfColumn ? cov2.AsSpan(c0, cols) : hostScratch!.DiscardedColumnVariances(cols);
                        signature = ComputeOnHost(host!, gram!, r0, rows, c0, cols, nngp ?? staging, nngp is null ? 0 : (long)r0 * n2 + c0,
                            nngp is null ? cols : n2, ntk, (long)r0 * n2 + c0, n2, tileCov1, tileCov2, hostScratch!);
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
        var kernel = new Kernel<T>
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
        CheckResultFinite(kernel);
        return kernel;
    }
}
