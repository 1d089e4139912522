using System.Collections.Generic;
using System.Globalization;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>
/// Warnings about a valid <c>[Network]</c> that need its input shape and that no rule of the runtime throws for: VALID
/// windows that never read the last positions of an axis (NT0010), pooling that forces the full pixel-pair
/// covariance beyond a tile's memory (NT0011), Dropout in train mode in a network whose kernel is computed
/// (NT0012), and an output that keeps spatial axes, so that its kernel does too (NT0009). The layers are read from the
/// validator's kernel walk (<see cref="ValidationResult.KernelSteps"/>), so every input shape is the one the kernel engine sees.
/// </summary>
internal static class NetworkChecks
{
    /// <summary>
    /// The memory above which NT0011 warns: the kernel engine's largest default tile budget on the CPU (an eighth
    /// of the process's memory, at most 512 MiB). Below it an N × N kernel fits one default tile.
    /// </summary>
    public const long TileBudgetBytes = 512L << 20;

    /// <summary>Kernel arrays a generated <c>KernelFn</c> computes by default (nngp and ntk).</summary>
    private const int DefaultArrays = 2;

    /// <summary>A warning and the index of the top-level layer it concerns (its position in the root Serial), or -1.</summary>
    public readonly struct Finding
    {
        public Finding(RuleViolation violation, int topLevelIndex)
        {
            Violation = violation;
            TopLevelIndex = topLevelIndex;
        }

        /// <summary>The warning (its id and message).</summary>
        public RuleViolation Violation { get; }

        /// <summary>The top-level layer the warning concerns, or -1 when the root is not a Serial.</summary>
        public int TopLevelIndex { get; }
    }

    /// <summary>The warnings for <paramref name="model"/>, whose layer tree must be valid for its input shape, for an N × N kernel of N = <paramref name="batchSize"/>.</summary>
    public static IReadOnlyList<Finding> Check(ArchitectureModel model, ValidationResult validation, int batchSize)
    {
        var findings = new List<Finding>();
        if (model.Root is not { } root || validation.Violation is not null) return findings;
        void Add(RuleViolation? violation, int top)
        {
            // The copies of a Repeat share their declaration: one warning each.
            if (violation is not null && !findings.Exists(f => f.TopLevelIndex == top && f.Violation.Message == violation.Message))
                findings.Add(new Finding(violation, top));
        }

        // The validator's kernel walk visits every leaf (each copy of a Repeat) in order, with the input the engine sees.
        bool memoryReported = false;
        foreach (var step in validation.KernelSteps)
        {
            if (!step.IsLeaf) continue;
            var node = step.Node;
            int top = root is SerialNode ? TopLevelIndex(step.Path) : -1;
            var signature = step.Input.Length > 0 ? step.Input[0] : null;
            switch (node)
            {
                case ConvNode conv when signature is not null:
                    Add(WindowCoverage.DroppedBorder(NodeNames.Of(node), signature.Shape, conv.Filter.ToArray(), conv.Strides.ToArray(), conv.Padding, "filter"), top);
                    break;
                case ConvLocalNode local when signature is not null:
                    Add(WindowCoverage.DroppedBorder(NodeNames.Of(node), signature.Shape, local.Filter.ToArray(), local.Strides.ToArray(), local.Padding, "filter"), top);
                    break;
                case PoolNode pool when signature is not null:
                    Add(WindowCoverage.DroppedBorder(NodeNames.Of(node), signature.Shape, pool.Window.ToArray(), pool.Strides.ToArray(), pool.Padding, "window"), top);
                    break;
                case DropoutNode { Train: true, Rate: < 1 } dropout:
                    Add(TrainModeDropout(NodeNames.Of(dropout), dropout.Rate), top);
                    break;
            }
            // One memory warning per network, at the first layer that needs every pair of positions (the form is kept from the input to it).
            if (!memoryReported && signature is { Shape.Length: > 2 } && LeafRules.For(node)?.InputForm == SpatialForm.Full && validation.Memory is { } memory)
            {
                memoryReported = true;
                Add(FullCovariance(NodeNames.Of(node), signature, memory, model.Float64 ? 8 : 4, batchSize), top);
            }
        }
        if (validation.KernelStep("").Result.Output is { Length: 1 } output && output[0].Shape.Length > 2)
            Add(SpatialOutput(NodeNames.Of(root), output[0], validation.Memory, model.Float64 ? 8 : 4), -1);
        return findings;
    }

    /// <summary>The position in the root Serial of the top-level layer that holds the node at <paramref name="path"/>.</summary>
    private static int TopLevelIndex(string path)
    {
        int dot = path.IndexOf('.');
        return int.Parse(dot < 0 ? path : path.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>NT0011: the full covariance's bytes, exactly as the runtime's <c>KernelPlanInfo.BytesPerPair</c>, for an N × N kernel.</summary>
    private static RuleViolation? FullCovariance(string layer, BranchSignature input, KernelMemory memory, int elementSize, int batchSize)
    {
        long perPair = memory.BytesPerPair(elementSize, DefaultArrays);
        double total = (double)perPair * batchSize * batchSize;
        if (total <= TileBudgetBytes) return null;
        long positions = CovarianceDemand.Positions(input.Shape);
        string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
        return new RuleViolation(RuleIds.FullCovarianceMemory, "layer",
            $"{layer} needs the full pixel-pair covariance of its input {input.ShapeText} ({positions} × {positions} position pairs), so the kernel engine keeps up to " +
            $"{memory.PeakEntriesPerPair} values per pair of items and array from the input on: {perPair} bytes per pair of items ({(elementSize == 8 ? "float64" : "float32")}, nngp and ntk), " +
            $"{Number(total / (1L << 30))} GiB for a {batchSize} × {batchSize} kernel (KernelBatchSize = {batchSize}), more than the engine's largest default tile of 512 MiB, so the work grows with the square of the positions. " +
            "Flatten instead of pooling (same-position covariance only), downsample with strided layers before pooling, or set KernelBatchSize to the kernel size you compute.");
    }

    /// <summary>
    /// NT0009: the kernel of an output with spatial axes keeps them (N1 × N2 × S² values in the default full form), which
    /// is rarely meant (e.g. a Dense on an image acts on the channels of every pixel) and which Predict cannot use.
    /// </summary>
    private static RuleViolation SpatialOutput(string network, BranchSignature output, KernelMemory? memory, int elementSize)
    {
        long positions = CovarianceDemand.Positions(output.Shape);
        string perPair = memory is null ? string.Empty : $", {memory.BytesPerPair(elementSize, DefaultArrays)} bytes per pair of items while computing it";
        return new RuleViolation(RuleIds.SpatialKernelOutput, "network",
            $"{network} outputs activations with spatial axes (shape {output.ShapeText}), so its kernel keeps them: {positions} × {positions} position pairs per pair of items " +
            $"(Neural Tangents' full form; {positions} with KernelOptions.DiagonalSpatial){perPair}, and Predict needs items × items kernels. " +
            "If an items × items kernel is meant, start the network with Flatten (to treat each input as one vector), or end its spatial part with Flatten or a global pooling layer.");
    }

    /// <summary>NT0012: Dropout in train mode makes the kernel that of a stochastic network.</summary>
    private static RuleViolation TrainModeDropout(string layer, double rate)
    {
        string keep = rate.ToString("G6", CultureInfo.InvariantCulture);
        return new RuleViolation(RuleIds.TrainModeDropoutKernel, "mode",
            $"{layer} is in train mode, so the network's kernel is that of a network with random masks: the covariance of an item with itself is scaled by 1/{keep}, " +
            "and in nngp and ntk only when x2 is x1 (or omitted). Kernels between different sets (test against train) leave that term out, so blocks computed separately do not form one kernel. " +
            "Use DropoutMode.Test for the kernel of the trained network, or suppress NT0012 if the train-mode kernel is intended.");
    }
}
