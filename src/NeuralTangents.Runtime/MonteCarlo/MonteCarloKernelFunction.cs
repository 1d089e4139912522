using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Sampling;
using NeuralTangents.Layers;
using NeuralTangents.Validation;

namespace NeuralTangents;

/// <summary>
/// Estimates a network's kernels by averaging the empirical kernels of <see cref="Samples"/> finite networks
/// drawn with keys <c>Key.Child(0)</c>, <c>Key.Child(1)</c>, … (Neural Tangents' <c>monte_carlo_kernel_fn</c>).
/// As the widths grow the estimate converges to <see cref="ILayer.KernelFn{T}"/>.
/// </summary>
public sealed class MonteCarloKernelFunction
{
    /// <summary>Networks per parallel work item (fixed, so that results do not depend on the thread count).</summary>
    private const int SamplesPerChunk = 8;

    private readonly LayerBase _network;

    internal MonteCarloKernelFunction(LayerBase network, PrngKey key, int samples, bool diagonalSpatial)
    {
        _network = network;
        Key = key;
        Samples = samples;
        DiagonalSpatial = diagonalSpatial;
    }

    /// <summary>Whether outputs with spatial axes give only the same-position estimates (see <see cref="MonteCarlo.KernelFn"/>).</summary>
    public bool DiagonalSpatial { get; }

    /// <summary>The root key.</summary>
    public PrngKey Key { get; }

    /// <summary>The number of random networks.</summary>
    public int Samples { get; }

    /// <summary>
    /// The estimate for x1 against x2 (x1 against itself when <paramref name="x2"/> is null). The random networks
    /// are evaluated in parallel, so delegates inside the network (Elementwise, ElementwiseNumerical) are called
    /// concurrently; the result is the same for any number of threads.
    /// </summary>
    /// <param name="x1">The first inputs, batch axis first.</param>
    /// <param name="x2">The second inputs; null means x1.</param>
    /// <param name="get">Which kernels to estimate.</param>
    /// <param name="cancellationToken">Checked between networks.</param>
    /// <param name="pattern1">The graphs of x1's items for Aggregate layers; give both patterns or neither (x1's serve x2 when x2 is null).</param>
    /// <param name="pattern2">The graphs of x2's items.</param>
    /// <exception cref="ArgumentException">Inputs of the wrong rank or feature shape, without items, or with NaN/infinite values; patterns that do not match the items.</exception>
    /// <param name="maskConstant">Marks absent entries of variable-length inputs; every network applies the masks as <see cref="ILayer.Apply{T}"/> does.</param>
    /// <exception cref="NotSupportedException">Patterns or a mask constant for a network whose outputs keep spatial axes; a mask constant for inputs without spatial axes.</exception>
    public MonteCarloKernel<T> Compute<T>(Tensor<T> x1, Tensor<T>? x2 = null, KernelOutputs get = KernelOutputs.Both,
        CancellationToken cancellationToken = default, GraphPattern? pattern1 = null, GraphPattern? pattern2 = null, double? maskConstant = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x1);
        bool[]? mask1 = null, mask2 = null;
        if (maskConstant is double constant)
        {
            if (x1.Rank <= 2 || x2 is not null && x2.Rank <= 2)
                throw new NotSupportedException($"Masking needs inputs with spatial axes (batch, positions…, channels); got x1 of shape {x1.ShapeText}.");
            (mask1, mask2) = InputMaskPair.FromInputs(ref x1, ref x2, constant);
        }
        Guard.MinRank(x1, 2, nameof(x1), "items × features");
        Guard.AllFinite(x1, nameof(x1));
        Guard.HasItems(x1, nameof(x1));
        if (x2 is not null)
        {
            if (x2.Rank != x1.Rank || !x2.Shape.AsSpan(1).SequenceEqual(x1.Shape.AsSpan(1)))
                throw new ArgumentException($"x2 must have the feature shape of x1: x1 has shape {x1.ShapeText}, x2 has shape {x2.ShapeText}.", nameof(x2));
            Guard.AllFinite(x2, nameof(x2));
            Guard.HasItems(x2, nameof(x2));
        }
        var second = x2 ?? x1;
        int n1 = x1.Dim(0), n2 = second.Dim(0);
        (pattern1, pattern2) = GraphPatternPair.Resolve(pattern1, pattern2, selfKernel: x2 is null, n1, n2, GraphPatternPair.Names.Parameters);
        var inputShape = x1.Shape;
        inputShape[0] = -1;
        bool wantNngp = (get & KernelOutputs.Nngp) != 0, wantNtk = (get & KernelOutputs.Ntk) != 0;
        // Outputs with spatial axes: each network's empirical kernels traced over the channels only, in the
        // layout of the analytic kernels (the spatial axes paired, or kept once in the diagonal form).
        var outputShape = _network.OutputShape(inputShape);
        var spatial = outputShape.Length > 2 ? SpatialSettings(outputShape) : null;
        if (spatial is not null && mask1 is not null)
            throw new NotSupportedException($"Monte Carlo estimates with masks need items × channels outputs; {_network.Name} outputs shape {Rules.Shapes.Format(outputShape)} (end it with Flatten or a global pooling layer).");
        if (spatial is not null && pattern1 is not null)
            throw new NotSupportedException($"Monte Carlo estimates with graph patterns need items × channels outputs; {_network.Name} outputs shape {Rules.Shapes.Format(outputShape)} (end it with Flatten or a global pooling layer).");
        var resultShape = spatial is null ? new[] { n1, n2 } : ResultShape(outputShape, n1, n2);
        int length = resultShape.Aggregate(1, (a, b) => checked(a * b));

        // Networks are independent, so fixed chunks of them run in parallel, each chunk accumulating in sample
        // order; the chunks are then merged in chunk order. The result depends on the chunking only, never on
        // the number of threads or their timing.
        int chunks = (Samples + SamplesPerChunk - 1) / SamplesPerChunk;
        var partial = new (WelfordAccumulator Nngp, WelfordAccumulator Ntk)[chunks];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        try
        {
            System.Threading.Tasks.Parallel.For(0, chunks, options, chunk =>
            {
                var nngpPart = new WelfordAccumulator(length);
                var ntkPart = new WelfordAccumulator(length);
                for (int s = chunk * SamplesPerChunk; s < Math.Min(Samples, (chunk + 1) * SamplesPerChunk); s++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (nngpSample, ntkSample) = spatial is null
                        ? Sample(s, x1, x2, inputShape, wantNngp, wantNtk, pattern1, pattern2, mask1, mask2)
                        : SpatialSample(spatial, s, x1, x2, inputShape, get);
                    if (nngpSample is not null) nngpPart.Add(nngpSample);
                    if (ntkSample is not null) ntkPart.Add(ntkSample);
                }
                partial[chunk] = (nngpPart, ntkPart);
            });
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // Surface the first failure itself (NotSupportedException for a kernel-only layer, …), not the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }

        var (nngp, ntk) = partial[0];
        for (int chunk = 1; chunk < chunks; chunk++)
        {
            nngp.Merge(partial[chunk].Nngp);
            ntk.Merge(partial[chunk].Ntk);
        }

        return new MonteCarloKernel<T>
        {
            Nngp = wantNngp ? nngp.Mean<T>(resultShape) : null,
            NngpStandardError = wantNngp ? nngp.StandardError<T>(resultShape) : null,
            Ntk = wantNtk ? ntk.Mean<T>(resultShape) : null,
            NtkStandardError = wantNtk ? ntk.StandardError<T>(resultShape) : null,
            Samples = Samples,
        };
    }

    /// <summary>Empirical kernels traced over the channel axis, with the spatial axes paired (full) or kept once (diagonal).</summary>
    private EmpiricalKernels.EmpiricalSettings SpatialSettings(int[] outputShape)
    {
        var spatialAxes = DiagonalSpatial ? Enumerable.Range(1, outputShape.Length - 2).ToArray() : Array.Empty<int>();
        return new EmpiricalKernels.EmpiricalSettings(_network, new[] { -1 }, spatialAxes, NtkImplementation.StructuredDerivatives);
    }

    /// <summary>(N1, N2, H, H', W, W', …) in the full form, (N1, N2, H, W, …) in the diagonal form.</summary>
    private int[] ResultShape(int[] outputShape, int n1, int n2)
    {
        var spatial = outputShape[1..^1];
        return new[] { n1, n2 }.Concat(DiagonalSpatial ? spatial : spatial.SelectMany(d => new[] { d, d })).ToArray();
    }

    /// <summary>The empirical kernels of random network <paramref name="sample"/> for outputs with spatial axes.</summary>
    private (double[]? Nngp, double[]? Ntk) SpatialSample<T>(EmpiricalKernels.EmpiricalSettings settings, int sample, Tensor<T> x1, Tensor<T>? x2, int[] inputShape, KernelOutputs get)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = _network.Init<T>(Key.Child(sample), inputShape);
        var kernel = EmpiricalKernels.EmpiricalComputation.Run(settings, x1, x2, parameters, get, null);
        return (kernel.Nngp?.Data.Select(double.CreateTruncating).ToArray(), kernel.Ntk?.Data.Select(double.CreateTruncating).ToArray());
    }

    /// <summary>The empirical NNGP and NTK (each null when not requested) of random network <paramref name="sample"/>.</summary>
    private (double[]? Nngp, double[]? Ntk) Sample<T>(int sample, Tensor<T> x1, Tensor<T>? x2, int[] inputShape, bool wantNngp, bool wantNtk,
        GraphPattern? pattern1, GraphPattern? pattern2, bool[]? mask1, bool[]? mask2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var second = x2 ?? x1;
        var parameters = _network.Init<T>(Key.Child(sample), inputShape);
        // Each side runs with its own graphs and masks; the residuals keep what the backward passes need of them.
        var f1 = Forward(parameters, x1, pattern1, mask1, out var residual1, out var out1);
        object? residual2 = residual1;
        var out2 = out1;
        var f2 = x2 is null ? f1 : Forward(parameters, second, pattern2, mask2, out residual2, out out2);
        int outputs = OutputChannels(f1[0]);
        var nngp = wantNngp ? EmpiricalNngp(f1[0], f2[0], outputs) : null;
        if (!wantNtk) return (nngp, null);
        var sink1 = PullBackAllOutputs(parameters, residual1, x1.Dim(0), outputs, out1);
        var sink2 = x2 is null ? sink1 : PullBackAllOutputs(parameters, residual2, second.Dim(0), outputs, out2);
        var ntk = new double[x1.Dim(0) * second.Dim(0)];
        sink1.AccumulateNtk(sink2, outputs, ntk);
        return (nngp, ntk);
    }

    /// <summary>One side's forward pass with its graphs and masks; masked outputs are zeroed (<paramref name="outputMask"/>, null without masks).</summary>
    private Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T> x, GraphPattern? pattern, bool[]? mask, out object? residual, out bool[]? outputMask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var scope = Layers.LayerArguments.Enter(new Layers.LayerArguments(pattern, null, null));
        outputMask = null;
        if (mask is null) return _network.Forward(parameters, new[] { x }, out residual);
        var y = _network.ForwardMasked(parameters, new[] { x }, new[] { mask }, out residual, out var masks);
        outputMask = masks[0];
        return new[] { Layers.Masking.PositionMasks.Zeroed(y[0], outputMask) };
    }

    private AffineNtkSink<T> PullBackAllOutputs<T>(Parameters<T> parameters, object? residual, int items, int outputs, bool[]? outputMask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One backward pass for all K output channels: row i·K + k of the cotangent is the unit vector e_k (zero for
        // an item whose output is masked, the transpose of zeroing it).
        var cotangent = Tensor<T>.Zeros(items * outputs, outputs);
        for (int i = 0; i < items; i++)
            for (int k = 0; k < outputs; k++)
                if (outputMask is null || !outputMask[i]) cotangent.Data[(i * outputs + k) * outputs + k] = T.One;
        var sink = new AffineNtkSink<T>();
        _network.BackwardAny(parameters, residual, new[] { cotangent }, new BackwardContext<T>(outputs, sink));
        return sink;
    }

    private int OutputChannels<T>(Tensor<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Rank != 2)
            throw new NetworkDefinitionException(new Rules.RuleViolation(Rules.RuleIds.UnsupportedLayout, "network",
                $"{_network.Name} outputs shape {output.ShapeText}; Monte Carlo kernels need items × channels outputs in this version (end with Flatten/Dense)."));
        return output.Dim(1);
    }

    private static double[] EmpiricalNngp<T>(Tensor<T> f1, Tensor<T> f2, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n1 = f1.Dim(0), n2 = f2.Dim(0);
        var product = new T[n1 * n2];
        LinearAlgebra.Blas.Gemm(false, true, n1, n2, outputs, T.One / T.CreateTruncating(outputs), f1.Data, outputs, f2.Data, outputs, T.Zero, product, n2);
        return product.Select(double.CreateTruncating).ToArray();
    }
}
