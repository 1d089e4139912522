using System;
using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>
/// Shape inference and validity rules for every layer, written once. Each method takes the layer's
/// hyperparameters and its input branches and returns the output branches or the broken rule. The runtime
/// throws on a violation; the analyzers report it as a diagnostic with the same id and message.
/// </summary>
/// <remarks>
/// The <c>forKernel</c> arguments distinguish rules that only the infinite-width kernel needs (a
/// closed-form nonlinearity requires a Gaussian input) from rules every finite network obeys (shapes).
/// </remarks>
internal static class LayerRules
{
    private static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Checks that a layer that acts on one branch receives exactly one.</summary>
    public static RuleResult? SingleBranch(string layer, BranchSignature[] input)
    {
        if (input.Length == 1) return null;
        return RuleResult.Invalid(RuleIds.BranchCountMismatch, "input",
            $"{layer} acts on a single branch but receives {input.Length}; join the branches with a FanIn layer first, or wrap the layers in Parallel.");
    }

    /// <summary>Dense: an affine map along the channel (last) axis.</summary>
    public static RuleResult Dense(string layer, BranchSignature[] input, int outDim, double wStd, double? bStd, int widthScaleIn, int widthScaleOut)
    {
        if (SingleBranch(layer, input) is { } branchError) return branchError;
        if (outDim < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "outDim", $"{layer}: outDim must be at least 1, got {outDim}.");
        if (PositiveFinite(layer, "wStd", wStd) is { } w) return w;
        if (bStd is double b && NonNegativeFinite(layer, "bStd", b) is { } bias) return bias;
        if (widthScaleIn < 1 || widthScaleOut < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "widthScales",
                $"{layer}: standard-parameterization width scalings must be positive integers, got ({widthScaleIn}, {widthScaleOut}).");
        var x = input[0];
        if (x.Shape.Length < 2)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                $"{layer} expects an input of rank at least 2 (batch, ..., channels), got shape {x.ShapeText}.");
        if (x.Channels < 1)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", $"{layer} expects at least one input channel, got shape {x.ShapeText}.");
        return RuleResult.Valid(new BranchSignature(Shapes.WithChannels(x.Shape, outDim * widthScaleOut), isGaussian: true));
    }

    /// <summary>Flatten: every non-batch axis into one; the result is not a Gaussian pre-activation.</summary>
    public static RuleResult Flatten(string layer, BranchSignature[] input)
    {
        if (SingleBranch(layer, input) is { } branchError) return branchError;
        var x = input[0];
        if (x.Shape.Length < 1)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", $"{layer} expects a batch axis, got shape {x.ShapeText}.");
        long features = Shapes.FeatureSize(x.Shape);
        if (features > int.MaxValue)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", $"{layer}: {features} features do not fit one axis.");
        return RuleResult.Valid(new BranchSignature(new[] { x.Shape[0], (int)features }, isGaussian: x.Shape.Length == 2 && x.IsGaussian));
    }

    /// <summary>A pointwise nonlinearity: same shape; its kernel needs a Gaussian input.</summary>
    public static RuleResult Elementwise(string layer, BranchSignature[] input, bool forKernel)
    {
        if (SingleBranch(layer, input) is { } branchError) return branchError;
        var x = input[0];
        if (forKernel && !x.IsGaussian)
            return RuleResult.Invalid(RuleIds.NonGaussianInput, "input",
                $"{layer} needs a Gaussian pre-activation as input to have a closed-form infinite-width kernel, but its input is not one (it follows a nonlinearity, a product or the raw input); put a Dense (or Conv) layer before {layer}.");
        return RuleResult.Valid(x.WithGaussian(false));
    }

    /// <summary>FanOut(n): n copies of one branch.</summary>
    public static RuleResult FanOut(string layer, BranchSignature[] input, int count)
    {
        if (count < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "count", $"{layer}: the number of branches must be at least 1, got {count}.");
        if (SingleBranch(layer, input) is { } branchError) return branchError;
        var output = new BranchSignature[count];
        for (int i = 0; i < count; i++) output[i] = input[0];
        return RuleResult.Valid(output);
    }

    /// <summary>FanInSum: branches of one shape added; more than one branch must all be Gaussian.</summary>
    public static RuleResult FanInSum(string layer, BranchSignature[] input, bool forKernel)
    {
        if (SameShapes(layer, input) is { } shapeError) return shapeError;
        bool allGaussian = Array.TrueForAll(input, b => b.IsGaussian);
        if (forKernel && input.Length > 1 && !allGaussian)
            return RuleResult.Invalid(RuleIds.NoInfiniteWidthLimit, "input",
                $"{layer} sums {input.Length} branches, but branch {Array.FindIndex(input, b => !b.IsGaussian)} is not a Gaussian pre-activation; the sum of non-Gaussian branches needs their means, which the kernel does not track. End every branch with a Dense (or Conv) layer.");
        return RuleResult.Valid(input[0].WithGaussian(allGaussian));
    }

    /// <summary>FanInProd: elementwise product of branches of one shape; not Gaussian unless a single branch.</summary>
    public static RuleResult FanInProd(string layer, BranchSignature[] input)
    {
        if (SameShapes(layer, input) is { } shapeError) return shapeError;
        return RuleResult.Valid(input[0].WithGaussian(input.Length == 1 && input[0].IsGaussian));
    }

    /// <summary>FanInConcat along <paramref name="axis"/> (negative counts from the end).</summary>
    public static RuleResult FanInConcat(string layer, BranchSignature[] input, int axis, bool forKernel)
    {
        if (input.Length < 1)
            return RuleResult.Invalid(RuleIds.BranchCountMismatch, "input", $"{layer} needs at least one branch.");
        int rank = input[0].Shape.Length;
        int resolved = axis < 0 ? axis + rank : axis;
        if (resolved < 0 || resolved >= rank)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "axis", $"{layer}: axis {axis} is out of range for inputs of rank {rank}.");
        var output = (int[])input[0].Shape.Clone();
        for (int b = 1; b < input.Length; b++)
        {
            var shape = input[b].Shape;
            bool sameRank = shape.Length == rank;
            bool matches = sameRank;
            for (int i = 0; matches && i < rank; i++)
                if (i != resolved && !(i == 0 && (shape[0] < 0 || output[0] < 0)) && shape[i] != output[i]) matches = false;
            if (!matches)
                return RuleResult.Invalid(RuleIds.BranchShapeMismatch, "input",
                    $"{layer} concatenates along axis {axis}, so all other axes must agree, but branch 0 has shape {input[0].ShapeText} and branch {b} has shape {input[b].ShapeText}.");
            output[resolved] += shape[resolved];
        }
        bool channelAxis = resolved == rank - 1;
        if (forKernel && !channelAxis && !Array.TrueForAll(input, b => b.IsGaussian))
            return RuleResult.Invalid(RuleIds.NoInfiniteWidthLimit, "input",
                $"{layer} concatenates along a non-channel axis; every branch must then be a Gaussian pre-activation.");
        bool gaussian = channelAxis ? input.Length == 1 && input[0].IsGaussian : true;
        return RuleResult.Valid(new BranchSignature(output, gaussian));
    }

    /// <summary>FanInConcat as the kernel engine supports it: along the channel (last) axis only.</summary>
    public static RuleResult? FanInConcatSupported(string layer, int axis, int rank)
    {
        if ((axis < 0 ? axis + rank : axis) == rank - 1) return null;
        return RuleResult.Invalid(RuleIds.UnsupportedLayout, "axis",
            $"{layer}: only concatenation along the channel (last) axis is supported by this version; got axis {axis} for inputs of rank {rank}.");
    }

    /// <summary>Parallel: each of its layers must turn its branch into exactly one branch.</summary>
    public static RuleResult? ParallelChildOutput(string layer, int index, string child, int outputs)
    {
        if (outputs == 1) return null;
        return RuleResult.Invalid(RuleIds.BranchCountMismatch, "layers",
            $"{layer}: layer {index} ({child}) turns its branch into {outputs}; each layer of a Parallel must output one branch (end it with a FanIn layer).");
    }

    /// <summary>Parallel: one layer per branch.</summary>
    public static RuleResult? Parallel(string layer, BranchSignature[] input, int layerCount)
    {
        if (input.Length == layerCount) return null;
        return RuleResult.Invalid(RuleIds.BranchCountMismatch, "input",
            $"{layer} has {layerCount} layers but receives {input.Length} branches; precede it with FanOut({layerCount}).");
    }

    /// <summary>
    /// The kernel engine's input: items first, then 1 to 3 spatial axes, then channels (NHWC-style), unless the
    /// network starts with Flatten, which takes inputs of any rank.
    /// </summary>
    public static RuleResult? KernelInput(string argument, int[] inputShape, bool startsWithFlatten)
    {
        if (inputShape.Length <= 5 || startsWithFlatten) return null;
        return RuleResult.Invalid(RuleIds.UnsupportedLayout, argument,
            $"Inputs have {inputShape.Length - 2} spatial axes (shape {Shapes.Format(inputShape)}); 1 to 3 are supported (batch, spatial…, channels), or start the network with Stax.Flatten().");
    }

    /// <summary>
    /// The kernel engine's output: items × channels. A network that keeps spatial axes to its output (e.g. a
    /// Dense on an image input acts on the channels of every pixel) needs a Flatten or a global pool somewhere.
    /// </summary>
    public static RuleResult? KernelOutput(string network, BranchSignature output)
    {
        if (output.Shape.Length <= 2) return null;
        return RuleResult.Invalid(RuleIds.SpatialKernelOutput, "network",
            $"{network} outputs activations with spatial axes (shape {output.ShapeText}); kernels are returned for items × channels outputs only: start the network with Flatten (to treat each input as one vector), or end its spatial part with Flatten or a global pooling layer.");
    }

    /// <summary>Checks that a hyperparameter is finite and strictly positive.</summary>
    public static RuleResult? PositiveFinite(string layer, string name, double value)
    {
        if (value > 0 && !double.IsInfinity(value)) return null;
        return RuleResult.Invalid(RuleIds.InvalidHyperparameter, name, $"{layer}: {name} must be positive and finite, got {Num(value)}.");
    }

    /// <summary>Checks that a hyperparameter is finite and not negative.</summary>
    public static RuleResult? NonNegativeFinite(string layer, string name, double value)
    {
        if (value >= 0 && !double.IsInfinity(value)) return null;
        return RuleResult.Invalid(RuleIds.InvalidHyperparameter, name, $"{layer}: {name} must be non-negative and finite, got {Num(value)}.");
    }

    /// <summary>Checks that a hyperparameter is finite (not NaN or infinite).</summary>
    public static RuleResult? Finite(string layer, string name, double value)
    {
        if (!double.IsNaN(value) && !double.IsInfinity(value)) return null;
        return RuleResult.Invalid(RuleIds.InvalidHyperparameter, name, $"{layer}: {name} must be finite, got {Num(value)}.");
    }

    /// <summary>Checks that an integer hyperparameter lies in [min, max].</summary>
    public static RuleResult? InRange(string layer, string name, int value, int min, int max)
    {
        if (value >= min && value <= max) return null;
        return RuleResult.Invalid(RuleIds.InvalidHyperparameter, name, $"{layer}: {name} must be between {min} and {max}, got {value}.");
    }

    private static RuleResult? SameShapes(string layer, BranchSignature[] input)
    {
        if (input.Length < 1)
            return RuleResult.Invalid(RuleIds.BranchCountMismatch, "input", $"{layer} needs at least one branch.");
        for (int b = 1; b < input.Length; b++)
            if (!Shapes.Compatible(input[0].Shape, input[b].Shape))
                return RuleResult.Invalid(RuleIds.BranchShapeMismatch, "input",
                    $"{layer} joins branches elementwise, so they must have one shape, but branch 0 has shape {input[0].ShapeText} and branch {b} has shape {input[b].ShapeText}.");
        return null;
    }
}
