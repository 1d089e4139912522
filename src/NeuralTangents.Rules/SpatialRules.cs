using System;

namespace NeuralTangents.Rules;

/// <summary>How a sliding window treats the borders (Neural Tangents' <c>Padding</c>).</summary>
internal enum SpatialPadding
{
    /// <summary>No padding: only windows that lie inside the input; out = ⌊(in − k)/s⌋ + 1.</summary>
    Valid = 0,

    /// <summary>Zeros around the input so that out = ⌈in/s⌉ (TensorFlow's split: the extra zero goes after).</summary>
    Same = 1,

    /// <summary>The input wraps around (periodic), with the output size of <see cref="Same"/>.</summary>
    Circular = 2,
}

/// <summary>
/// Shape rules of the layers that slide a window over spatial axes (Conv, AvgPool, SumPool) and of the
/// global pools. Activations are (batch, spatial…, channels).
/// </summary>
internal static class SpatialRules
{
    /// <summary>Output size of one spatial axis.</summary>
    public static int OutputSize(int input, int window, int stride, SpatialPadding padding) =>
        padding == SpatialPadding.Valid ? (input - window) / stride + 1 : (input + stride - 1) / stride;

    /// <summary>Zeros (or wrapped entries) before the first input element of one axis.</summary>
    public static int PadBefore(int input, int window, int stride, SpatialPadding padding)
    {
        if (padding == SpatialPadding.Valid) return 0;
        int output = OutputSize(input, window, stride, padding);
        int total = Math.Max((output - 1) * stride + window - input, 0);
        return total / 2;
    }

    /// <summary>
    /// The input the factories check a window's hyperparameters against before any input is seen: one channel and
    /// each spatial axis as large as the window (at least 1), so only the hyperparameters can break the rule.
    /// </summary>
    public static BranchSignature Probe(int[] window)
    {
        var probe = new int[window.Length + 2];
        probe[0] = -1;
        for (int a = 0; a < window.Length; a++) probe[a + 1] = Math.Max(1, window[a]);
        probe[probe.Length - 1] = 1;
        return new BranchSignature(probe, isGaussian: false);
    }

    /// <summary>
    /// Output size of one spatial axis of a transposed convolution (JAX's <c>conv_transpose</c>): in·s for SAME and
    /// CIRCULAR, in·s + max(k − s, 0) for VALID.
    /// </summary>
    public static int TransposedOutputSize(int input, int window, int stride, SpatialPadding padding) =>
        padding == SpatialPadding.Valid ? input * stride + Math.Max(window - stride, 0) : input * stride;

    /// <summary>
    /// The offset of a transposed convolution along one axis: output o and window offset d read the input at
    /// i = (o + d − pad)/s when that is a whole number inside the input (modulo in·s for CIRCULAR). JAX pads the
    /// stride-dilated input by k − 1 (VALID), by k − 1 or ⌈(k + s − 2)/2⌉ (SAME); CIRCULAR folds the VALID result
    /// onto in·s positions starting ⌊max(k − s, 0)/2⌋ in, as Neural Tangents does.
    /// </summary>
    public static int TransposedPadBefore(int window, int stride, SpatialPadding padding) => padding switch
    {
        SpatialPadding.Same => stride > window - 1 ? window - 1 : (window + stride - 1) / 2,
        SpatialPadding.Circular => window - 1 - Math.Max(window - stride, 0) / 2,
        _ => window - 1,
    };

    /// <summary>
    /// The input index a transposed convolution reads along one axis for output index o and window offset d, or -1
    /// (between the strided input positions, or outside the input).
    /// </summary>
    public static int TransposedSource(int o, int d, int stride, int pad, int input, SpatialPadding padding)
    {
        int j = o + d - pad;
        if (padding == SpatialPadding.Circular)
        {
            int period = input * stride;
            j %= period;
            if (j < 0) j += period;
        }
        else if (j < 0) return -1;
        if (j % stride != 0) return -1;
        int i = j / stride;
        return i < input ? i : -1;
    }

    /// <summary>Conv: a window of <paramref name="filter"/> over the spatial axes, channels mixed by the weights.</summary>
    public static RuleResult Conv(string layer, BranchSignature[] input, int outChannels, int[] filter, int[] strides, SpatialPadding padding,
        double wStd, double? bStd, int widthScaleIn, int widthScaleOut) =>
        Convolution(layer, input, outChannels, filter, strides, padding, wStd, bStd, widthScaleIn, widthScaleOut, transposed: false);

    /// <summary>ConvTranspose: Conv's hyperparameters, with the transposed output sizes (upsampling by the strides).</summary>
    public static RuleResult ConvTranspose(string layer, BranchSignature[] input, int outChannels, int[] filter, int[] strides, SpatialPadding padding,
        double wStd, double? bStd, int widthScaleIn, int widthScaleOut) =>
        Convolution(layer, input, outChannels, filter, strides, padding, wStd, bStd, widthScaleIn, widthScaleOut, transposed: true);

    private static RuleResult Convolution(string layer, BranchSignature[] input, int outChannels, int[] filter, int[] strides, SpatialPadding padding,
        double wStd, double? bStd, int widthScaleIn, int widthScaleOut, bool transposed)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (outChannels < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "outChannels", $"{layer}: outChannels must be at least 1, got {outChannels}.");
        if (LayerRules.PositiveFinite(layer, "wStd", wStd) is { } w) return w;
        if (bStd is double b && LayerRules.NonNegativeFinite(layer, "bStd", b) is { } bias) return bias;
        if (widthScaleIn < 1 || widthScaleOut < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "widthScales",
                $"{layer}: standard-parameterization width scalings must be positive integers, got ({widthScaleIn}, {widthScaleOut}).");
        var output = Window(layer, input[0], filter, strides, padding, "filter", transposed);
        if (!output.IsValid) return output;
        var shape = Shapes.WithChannels(output.Output![0].Shape, outChannels * widthScaleOut);
        return RuleResult.Valid(new BranchSignature(shape, isGaussian: true));
    }

    /// <summary>AvgPool / SumPool: a window over the spatial axes of each channel; linear, so Gaussian stays Gaussian.</summary>
    public static RuleResult Pool(string layer, BranchSignature[] input, int[] window, int[] strides, SpatialPadding padding)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        return Window(layer, input[0], window, strides, padding, "window", transposed: false);
    }

    /// <summary>GlobalAvgPool / GlobalSumPool: every spatial axis reduced, leaving (batch, channels).</summary>
    public static RuleResult GlobalPool(string layer, BranchSignature[] input)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        var x = input[0];
        if (x.Shape.Length < 3)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                $"{layer} pools spatial axes, so it expects an input of rank at least 3 (batch, spatial…, channels), got shape {x.ShapeText}.");
        return RuleResult.Valid(new BranchSignature(new[] { x.Shape[0], x.Channels }, x.IsGaussian));
    }

    /// <summary>Checks the window hyperparameters against the input and gives the output (channels unchanged).</summary>
    private static RuleResult Window(string layer, BranchSignature x, int[] window, int[] strides, SpatialPadding padding, string windowName, bool transposed)
    {
        int spatial = window.Length;
        if (spatial < 1 || spatial > 3)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, windowName, $"{layer}: the {windowName} must have 1 to 3 spatial axes, got {spatial}.");
        if (strides.Length != spatial)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "strides",
                $"{layer}: strides must have one entry per spatial axis of the {windowName} ({spatial}), got {strides.Length}.");
        for (int a = 0; a < spatial; a++)
        {
            if (window[a] < 1)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, windowName, $"{layer}: {windowName} axis {a} must be at least 1, got {window[a]}.");
            if (strides[a] < 1)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "strides", $"{layer}: stride {a} must be at least 1, got {strides[a]}.");
        }
        if (!Enum.IsDefined(typeof(SpatialPadding), padding))
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "padding", $"{layer}: unknown padding {(int)padding}.");
        if (x.Shape.Length != spatial + 2)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                $"{layer} has a {spatial}-d {windowName}, so it expects an input of rank {spatial + 2} (batch, {spatial} spatial axes, channels), got shape {x.ShapeText}.");
        var shape = (int[])x.Shape.Clone();
        for (int a = 0; a < spatial; a++)
        {
            int size = x.Shape[a + 1];
            if (transposed)
            {
                shape[a + 1] = TransposedOutputSize(size, window[a], strides[a], padding);
                continue;
            }
            if (padding == SpatialPadding.Valid && size < window[a])
                return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                    $"{layer}: with VALID padding spatial axis {a} ({size}) must be at least the {windowName} ({window[a]}); input shape {x.ShapeText}. Use SAME padding or a smaller {windowName}.");
            shape[a + 1] = OutputSize(size, window[a], strides[a], padding);
        }
        return RuleResult.Valid(new BranchSignature(shape, x.IsGaussian));
    }
}
