using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// An N-d convolution (1 to 3 spatial axes, channels last, filter stored as (window…, C_in, C_out)). The weights
/// are shared across positions, so the kernel rule is a box filter applied jointly on both sides of the
/// covariance, K̃[o, o'] = (1/|k|)·Σ_δ K[o·s + δ − pad, o'·s + δ − pad] (zero outside unless circular), followed
/// by Dense's rule with fan-in C_in·|k|. It maps the diagonal form to the diagonal form, so it needs of its input
/// only what its consumers need.
/// <para>
/// With <see cref="Transposed"/> it is ConvTranspose (JAX's <c>conv_transpose</c>, upsampling by the strides): output
/// o and offset δ read input (o + δ − pad)/s where that is a whole index, so the same patch/filter machinery and the
/// same joint box filter apply with that window, K̃[o, o'] = (1/|k|)·Σ_δ K[(o + δ − pad)/s, (o' + δ − pad)/s]: the
/// transpose of Conv's covariance operator that Neural Tangents computes (CIRCULAR folds the VALID result onto
/// in·s positions, so its indices wrap modulo in·s).
/// </para>
/// </summary>
internal sealed partial class Conv : LayerBase
{
    public Conv(int outChannels, int[] filter, int[] strides, Padding padding, double wStd, double? bStd, Parameterization parameterization,
        int widthScaleIn, int widthScaleOut, string kind = "Conv", bool transposed = false)
    {
        Kind = transposed ? "ConvTranspose" : kind;
        Transposed = transposed;
        OutChannels = outChannels;
        Filter = (int[])filter.Clone();
        Strides = (int[])strides.Clone();
        Padding = padding;
        WStd = wStd;
        BStd = bStd;
        Parameterization = parameterization;
        WidthScaleIn = widthScaleIn;
        WidthScaleOut = widthScaleOut;
        Validation.Guard.Check(Rule(new[] { SpatialRules.Probe(filter) }, forKernel: false));
    }

    /// <summary>The name's prefix: Conv, ConvTranspose, or ConvLocal when this rule serves a locally connected layer.</summary>
    public string Kind { get; }

    /// <summary>Whether this is a transposed convolution (ConvTranspose).</summary>
    public bool Transposed { get; }

    public int OutChannels { get; }

    public int[] Filter { get; }

    public int[] Strides { get; }

    public Padding Padding { get; }

    public double WStd { get; }

    public double? BStd { get; }

    public Parameterization Parameterization { get; }

    public int WidthScaleIn { get; }

    public int WidthScaleOut { get; }

    internal int Width => Parameterization == Parameterization.Standard ? OutChannels * WidthScaleOut : OutChannels;

    internal int FilterSize => Filter.Aggregate(1, (a, b) => a * b);

    public override string Name => LayerNames.Conv(Kind, OutChannels, Filter, Strides, (SpatialPadding)Padding, WStd, BStd,
        Parameterization == Parameterization.Standard, WidthScaleIn, WidthScaleOut);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => Transposed
        ? SpatialRules.ConvTranspose(Name, input, OutChannels, Filter, Strides, (SpatialPadding)Padding, WStd, BStd, WidthScaleIn, WidthScaleOut)
        : SpatialRules.Conv(Name, input, OutChannels, Filter, Strides, (SpatialPadding)Padding, WStd, BStd, WidthScaleIn, WidthScaleOut);

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        int nIn = input[0].Channels;
        double fanIn = (double)nIn * FilterSize;
        double weightStd = Parameterization == Parameterization.Standard ? WStd / Math.Sqrt(fanIn / WidthScaleIn) : 1.0;
        double biasStd = Parameterization == Parameterization.Standard ? BStd ?? 0 : 1.0;
        var shape = new int[Filter.Length + 2];
        Filter.CopyTo(shape, 0);
        shape[^2] = nIn;
        shape[^1] = Width;
        var w = Tensor<T>.Zeros(shape);
        key.Child(0).FillNormal(w.Data, weightStd);
        var tensors = new List<Tensor<T>> { w };
        if (BStd is not null)
        {
            var b = Tensor<T>.Zeros(Width);
            key.Child(1).FillNormal(b.Data, biasStd);
            tensors.Add(b);
        }
        return new Parameters<T>(Name, tensors, Array.Empty<Parameters<T>>());
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var input = x[0];
        var weights = FlatWeights(parameters, input);
        var window = WindowFor(input.Shape);
        var patches = window.Gather(input);
        var (weightScale, biasScale) = Scales(input.Dim(-1));
        var y = TensorMath.MatMulLastAxis(patches, weights, weightScale);
        if (biasScale is double bias) TensorMath.AddBias(y, parameters.Tensors[1], bias);
        residual = new ConvResidual<T>(patches, window, input.Dim(-1));
        return new[] { y.Reshape(SpatialWindow.Shape(input.Dim(0), window.OutDims, Width)) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var r = (ConvResidual<T>)residual!;
        var (weightScale, biasScale) = Scales(r.InChannels);
        var delta = cotangent[0].Reshape(cotangent[0].Dim(0), r.Window.OutPositions, Width);
        context.Sink?.OnAffine(this, parameters, r.Patches, delta, weightScale, biasScale);
        var weights = parameters.Tensors[0].Reshape(FilterSize * r.InChannels, Width);
        var patchCotangent = TensorMath.MatMulTransposedLastAxis(delta, weights, weightScale);
        return new[] { r.Window.Scatter(patchCotangent, r.InChannels) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        int inChannels = tile.Signature.Channels;
        var geometry = Transposed
            ? SpatialTiles.TransposedWindow(tile.Layout.Dims, Filter, Strides, (SpatialPadding)Padding)
            : SpatialTiles.Window(tile.Layout.Dims, Filter, Strides, (SpatialPadding)Padding);
        tile = SpatialTiles.Apply(engine, tile, geometry, SpatialLayout.For(output.Shape, tile.Layout.Form), independent: false, scale: 1.0 / FilterSize);

        var ops = DeviceOps<T>.Instance;
        double w2 = WStd * WStd, b2 = BStd is double b ? b * b : 0;
        if (tile.Ntk is not null && Parameterization == Parameterization.Standard)
            ops.Combine(engine, tile.Ntk, tile.Nngp, tile.Entries, (double)inChannels * FilterSize / WidthScaleIn, w2, BStd is null ? 0 : 1);
        ops.Affine(engine, tile.Nngp, tile.Entries, w2, b2);
        ops.Affine(engine, tile.Cov1, tile.Cov1Length, w2, b2);
        ops.Affine(engine, tile.Cov2, tile.Cov2Length, w2, b2);
        if (tile.Ntk is not null && Parameterization == Parameterization.Ntk)
            ops.Combine(engine, tile.Ntk, tile.Nngp, tile.Entries, 1, w2, 0);
        tile.Signature = output;
        return new[] { tile };
    }

    private SpatialWindow WindowFor(int[] shape) => Transposed
        ? SpatialWindow.CreateTransposed(shape[1..^1], Filter, Strides, (SpatialPadding)Padding)
        : SpatialWindow.Create(shape[1..^1], Filter, Strides, (SpatialPadding)Padding);

    /// <summary>The filter as a (|k|·C_in) × width matrix, after checking that the parameters are this layer's and fit the input.</summary>
    private Tensor<T> FlatWeights<T>(Parameters<T> parameters, Tensor<T> input) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int expected = BStd is null ? 1 : 2;
        if (parameters.Tensors.Count != expected)
            throw new ArgumentException(
                $"{Name} needs {(expected == 1 ? "1 tensor (W)" : "2 tensors (W, b)")} but the parameters passed for it hold {parameters.Tensors.Count}; pass the parameters Init returned for this network.",
                nameof(parameters));
        var w = parameters.Tensors[0];
        if (w.Rank != Filter.Length + 2 || w.Dim(-1) != Width || w.Dim(-2) != input.Dim(-1) || !w.Shape.AsSpan(0, Filter.Length).SequenceEqual(Filter))
            throw new ArgumentException(
                $"{Name} on input shape {input.ShapeText} needs a filter of shape {Shapes.Format(Filter.Append(input.Dim(-1)).Append(Width).ToArray())} but the parameters hold shape {w.ShapeText}; pass the parameters Init returned for this network.",
                nameof(parameters));
        if (input.Rank != Filter.Length + 2)
            throw new ArgumentException($"{Name} expects inputs of rank {Filter.Length + 2}, got shape {input.ShapeText}.", nameof(input));
        return w.Reshape(FilterSize * input.Dim(-1), Width);
    }

    /// <summary>The factors in y = weightScale·patches·W + biasScale·b for <paramref name="nIn"/> input channels.</summary>
    internal (double WeightScale, double? BiasScale) Scales(int nIn) => Parameterization == Parameterization.Ntk
        ? (WStd / Math.Sqrt((double)nIn * FilterSize), BStd)
        : (1.0 / Math.Sqrt(WidthScaleIn), BStd is null ? null : 1.0);

    /// <summary>What the backward pass needs: the patches (the affine layer's real input) and the window.</summary>
    private sealed record ConvResidual<T>(Tensor<T> Patches, SpatialWindow Window, int InChannels) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>;
}
