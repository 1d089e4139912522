using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>
/// Warnings about a valid <c>[Network]</c> that need its input shape and that no rule of the runtime throws for: VALID
/// windows that never read the last positions of an axis (NT0010), a kernel the engine cannot compute with its default
/// memory (NT0011: one pair of items beyond its largest default tile, or <c>KernelBatchSize</c>² entries beyond one array), Dropout in train mode in a network
/// whose kernel is computed (NT0012), and an output that keeps spatial axes, so that its kernel does too (NT0009). The
/// layers are read from the validator's kernel walk (<see cref="ValidationResult.KernelSteps"/>), so every input shape
/// is the one the kernel engine sees.
/// </summary>
internal static class NetworkChecks
{
    /// <summary>
    /// The kernel engine's largest default tile budget on the CPU (an eighth of the process's memory, at most 512 MiB):
    /// NT0011 warns when one pair of items needs more, since the engine then cannot compute a single tile.
    /// </summary>
    public const long TileBudgetBytes = 512L << 20;

    /// <summary>The most values one kernel array can hold (.NET's <c>Array.MaxLength</c>), which the runtime checks before allocating a result.</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>Kernel arrays a generated <c>KernelFn</c> computes by default (nngp and ntk).</summary>
    private const int DefaultArrays = 2;

    /// <summary>A warning, where it goes, and the other places involved.</summary>
    public readonly struct Finding
    {
        public Finding(RuleViolation violation, LocationInfo? location, EquatableArray<LocationInfo> additionalLocations)
        {
            Violation = violation;
            Location = location;
            AdditionalLocations = additionalLocations;
        }

        /// <summary>The warning (its id and message).</summary>
        public RuleViolation Violation { get; }

        /// <summary>The attribute or call of the layer the warning concerns (the <c>[Network]</c> attribute for KernelBatchSize).</summary>
        public LocationInfo? Location { get; }

        /// <summary>The <c>[Block]</c> calls that inlined the layer, and for NT0009 the <c>[Network]</c> attribute's input shape.</summary>
        public EquatableArray<LocationInfo> AdditionalLocations { get; }
    }

    /// <summary>The warnings for <paramref name="model"/>, whose layer tree must be valid for its input shape, for an N × N kernel of N = <paramref name="batchSize"/>.</summary>
    public static IReadOnlyList<Finding> Check(ArchitectureModel model, ValidationResult validation, int batchSize)
    {
        var findings = new List<Finding>();
        if (model.Root is not { } root || validation.Violation is not null) return findings;
        var declared = new List<string?>();
        void Add(RuleViolation? violation, string path, LocationInfo? also = null)
        {
            // The copies of a Repeat share their declaration: one warning each.
            string? declaredPath = SourceMap.DeclaredPath(root, path);
            if (violation is null || findings.Where((f, i) => declared[i] == declaredPath && f.Violation.Message == violation.Message).Any()) return;
            var location = SourceMap.Primary(model, path);
            var additional = SourceMap.Find(model, path)?.BlockCalls.ToList() ?? new List<LocationInfo>();
            if (also is not null && also != location) additional.Insert(0, also);
            findings.Add(new Finding(violation, location, additional.ToEquatableArray()));
            declared.Add(declaredPath);
        }

        // The validator's kernel walk visits every leaf (each copy of a Repeat) in order, with the input the engine sees.
        bool memoryReported = false;
        foreach (var step in validation.KernelSteps)
        {
            if (!step.IsLeaf) continue;
            var node = step.Node;
            string top = step.Path;
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
                Add(PairBeyondTile(NodeNames.Of(node), signature, memory, model.Float64 ? 8 : 4), top);
            }
        }
        if (validation.KernelStep("").Result.Output is { Length: 1 } output && output[0].Shape.Length > 2)
        {
            // At the layer that gives the output (the root's last layer), with the input shape whose spatial axes it keeps.
            Add(SpatialOutput(NodeNames.Of(root), output[0], validation.Memory, model.Float64 ? 8 : 4), ArchitectureValidator.OutputLayerPath(root), model.NetworkLocation);
        }
        else if (ResultBeyondArray(batchSize) is { } tooLarge)
        {
            // KernelBatchSize is declared on the [Network] attribute.
            findings.Add(new Finding(tooLarge, model.NetworkLocation ?? model.Location, EquatableArray<LocationInfo>.Empty));
        }
        return findings;
    }

    /// <summary>
    /// NT0011 when one pair of items needs more than the engine's largest default tile (bytes exactly as the runtime's
    /// <c>KernelPlanInfo.BytesPerPair</c>): the engine then throws before computing anything, whatever the batch.
    /// </summary>
    private static RuleViolation? PairBeyondTile(string layer, BranchSignature input, KernelMemory memory, int elementSize)
    {
        long perPair = memory.BytesPerPair(elementSize, DefaultArrays);
        if (perPair <= TileBudgetBytes) return null;
        string mib = ((double)perPair / (1 << 20)).ToString("G4", CultureInfo.InvariantCulture);
        return new RuleViolation(RuleIds.FullCovarianceMemory, "layer",
            $"{layer} needs the full pixel-pair covariance of its input {input.ShapeText}: {mib} MiB per pair of items ({(elementSize == 8 ? "float64" : "float32")}, nngp and ntk), " +
            "more than the kernel engine's largest default tile (512 MiB), so KernelFn cannot compute even one pair.");
    }

    /// <summary>
    /// NT0011 when an N × N kernel (N = KernelBatchSize) has more entries than one array holds: the runtime refuses it
    /// before allocating. Outputs with spatial axes are NT0009's to report (its message gives their size).
    /// </summary>
    private static RuleViolation? ResultBeyondArray(int batchSize)
    {
        long entries = (long)batchSize * batchSize;
        if (entries <= MaxArrayLength) return null;
        return new RuleViolation(RuleIds.FullCovarianceMemory, "KernelBatchSize",
            $"A {batchSize} × {batchSize} kernel (KernelBatchSize) has {entries} entries per array, more than one array holds ({MaxArrayLength}), " +
            "so KernelFn throws for that many items; compute the kernel in row blocks (slices of x1).");
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
