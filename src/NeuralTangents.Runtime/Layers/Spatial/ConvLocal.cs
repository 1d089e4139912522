using System.Globalization;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// A locally connected layer (Neural Tangents' <c>ConvLocal</c>): a convolution whose filter and bias are not
/// shared, one (window…, C_in, C_out) filter and one bias per output position, stored as the tensors
/// W_0 … W_{P−1}, then b_0 … b_{P−1}. Positions have independent weights, so the output covariance of two
/// different positions vanishes: the kernel rule is Conv's on the same-position entries with every
/// cross-position entry (p ≠ p') set to zero. The backward pass reports each position as its own affine layer.
/// </summary>
internal sealed partial class ConvLocal : LayerBase
{
    private readonly Conv _shared;

    public ConvLocal(int outChannels, int[] filter, int[] strides, Padding padding, double wStd, double? bStd, Parameterization parameterization,
        int widthScaleIn, int widthScaleOut)
    {
        _shared = new Conv(outChannels, filter, strides, padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut, kind: "ConvLocal");
    }

    // Unshared weights, the same widths and scalings as Conv: every position has its own filter.
    private int Width => _shared.Width;

    private int FilterSize => _shared.FilterSize;

    public override string Name => _shared.Name;

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) =>
        SpatialRules.Conv(Name, input, _shared.OutChannels, _shared.Filter, _shared.Strides, (SpatialPadding)_shared.Padding, _shared.WStd, _shared.BStd,
            _shared.WidthScaleIn, _shared.WidthScaleOut);

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        int nIn = input[0].Channels, positions = OutPositions(input[0].Shape);
        double fanIn = (double)nIn * FilterSize;
        bool standard = _shared.Parameterization == Parameterization.Standard;
        double weightStd = standard ? _shared.WStd / Math.Sqrt(fanIn / _shared.WidthScaleIn) : 1.0;
        double biasStd = standard ? _shared.BStd ?? 0 : 1.0;
        var shape = _shared.Filter.Append(nIn).Append(Width).ToArray();
        var tensors = new List<Tensor<T>>();
        for (int p = 0; p < positions; p++)
        {
            var w = Tensor<T>.Zeros(shape);
            key.Child(0).Child(p).FillNormal(w.Data, weightStd);
            tensors.Add(w);
        }
        if (_shared.BStd is not null)
            for (int p = 0; p < positions; p++)
            {
                var b = Tensor<T>.Zeros(Width);
                key.Child(1).Child(p).FillNormal(b.Data, biasStd);
                tensors.Add(b);
            }
        return new Parameters<T>(Name, tensors, Array.Empty<Parameters<T>>());
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var input = x[0];
        var window = WindowFor(input.Shape);
        CheckParameters(parameters, input, window.OutPositions);
        var patches = window.Gather(input);
        var y = Positionwise(parameters, patches, window.OutPositions, input.Dim(-1), withBias: true);
        residual = (patches, window, input.Dim(-1));
        return new[] { y.Reshape(SpatialWindow.Shape(input.Dim(0), window.OutDims, Width)) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var (patches, window, inChannels) = ((Tensor<T>, SpatialWindow, int))residual!;
        var (weightScale, biasScale) = Scales(inChannels);
        int positions = window.OutPositions, k = FilterSize * inChannels, rows = cotangent[0].Dim(0), items = patches.Dim(0);
        var delta = cotangent[0].Reshape(rows, positions, Width);
        var patchCotangent = Tensor<T>.Zeros(rows, positions, k);
        var ws = T.CreateTruncating(weightScale);
        for (int p = 0; p < positions; p++)
        {
            var w = parameters.Tensors[p].Data;
            var deltaP = Tensor<T>.Zeros(rows, Width);
            for (int r = 0; r < rows; r++)
            {
                delta.Data.AsSpan((r * positions + p) * Width, Width).CopyTo(deltaP.Data.AsSpan(r * Width, Width));
                for (int a = 0; a < k; a++)
                {
                    T sum = T.Zero;
                    for (int c = 0; c < Width; c++) sum += deltaP.Data[r * Width + c] * w[a * Width + c];
                    patchCotangent.Data[(r * positions + p) * k + a] = ws * sum;
                }
            }
            if (context.Sink is { } sink)
            {
                var inputP = Tensor<T>.Zeros(items, k);
                for (int n = 0; n < items; n++) patches.Data.AsSpan((n * positions + p) * k, k).CopyTo(inputP.Data.AsSpan(n * k, k));
                var node = new Parameters<T>(Name, biasScale is null ? new[] { parameters.Tensors[p] } : new[] { parameters.Tensors[p], parameters.Tensors[positions + p] },
                    Array.Empty<Parameters<T>>());
                sink.OnAffine(this, node, inputP, deltaP, weightScale, biasScale);
            }
        }
        return new[] { window.Scatter(patchCotangent, inChannels) };
    }

    /// <summary>Conv's rule, then the cross-position entries of a full covariance set to zero (independent weights per position).</summary>
    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        Validation.Guard.Check(Rule(new[] { input[0].Signature }, forKernel: true));
        var output = _shared.Propagate(input, engine);
        var tile = output[0];
        if (tile.Layout.Form == SpatialForm.Full) DeviceOps<T>.Instance.ZeroCrossPositions(engine, tile);
        return output;
    }

    /// <summary>y[n, p] = s_w·patches[n, p]·W_p (+ s_b·b_p when <paramref name="withBias"/>), as (items, P, width).</summary>
    private Tensor<T> Positionwise<T>(Parameters<T> parameters, Tensor<T> patches, int positions, int inChannels, bool withBias, Parameters<T>? weightsFrom = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (weightScale, biasScale) = Scales(inChannels);
        var source = weightsFrom ?? parameters;
        int items = patches.Dim(0), k = FilterSize * inChannels;
        var ws = T.CreateTruncating(weightScale);
        var y = Tensor<T>.Zeros(items, positions, Width);
        for (int p = 0; p < positions; p++)
        {
            var w = source.Tensors[p].Data;
            T[]? b = withBias && biasScale is not null ? source.Tensors[positions + p].Data : null;
            var bs = T.CreateTruncating(biasScale ?? 0);
            for (int n = 0; n < items; n++)
            {
                var patch = patches.Data.AsSpan((n * positions + p) * k, k);
                var target = y.Data.AsSpan((n * positions + p) * Width, Width);
                for (int a = 0; a < k; a++)
                {
                    var xa = ws * patch[a];
                    if (xa == T.Zero) continue;
                    for (int c = 0; c < Width; c++) target[c] += xa * w[a * Width + c];
                }
                if (b is not null)
                    for (int c = 0; c < Width; c++) target[c] += bs * b[c];
            }
        }
        return y;
    }

    private int OutPositions(int[] shape) => Validation.Guard.Check(Rule(new[] { new BranchSignature(shape, false) }, forKernel: false))[0].Shape[1..^1].Aggregate(1, (a, b) => a * b);

    private SpatialWindow WindowFor(int[] shape) => SpatialWindow.Create(shape[1..^1], _shared.Filter, _shared.Strides, (SpatialPadding)_shared.Padding);

    private (double WeightScale, double? BiasScale) Scales(int nIn) => _shared.Scales(nIn);

    private void CheckParameters<T>(Parameters<T> parameters, Tensor<T> input, int positions) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (input.Rank != _shared.Filter.Length + 2)
            throw new ArgumentException($"{Name} expects inputs of rank {_shared.Filter.Length + 2}, got shape {input.ShapeText}.", nameof(input));
        int expected = positions * (_shared.BStd is null ? 1 : 2);
        if (parameters.Tensors.Count != expected)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Name} on input shape {input.ShapeText} needs {expected} tensors (a filter{(_shared.BStd is null ? "" : " and a bias")} for each of {positions} output positions) but the parameters passed for it hold {parameters.Tensors.Count}; pass the parameters Init returned for this network."),
                nameof(parameters));
        var shape = _shared.Filter.Append(input.Dim(-1)).Append(Width).ToArray();
        for (int p = 0; p < positions; p++)
            if (!parameters.Tensors[p].Shape.AsSpan().SequenceEqual(shape))
                throw new ArgumentException(
                    $"{Name} on input shape {input.ShapeText} needs filters of shape {Shapes.Format(shape)} but tensor {p} has shape {parameters.Tensors[p].ShapeText}; pass the parameters Init returned for this network.",
                    nameof(parameters));
    }
}
