using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The layer-level steps of a plan, with everything they need stated as values: the layers' <c>AddToPlan</c> rules call
/// them with their own hyperparameters and inferred shapes, and generated <c>[Network]</c> classes call them (through
/// <see cref="CompilerServices.PlanSteps{T}"/>) with the same values as literals fixed at compile time. One set of steps, so the
/// two plans cannot drift apart; <see cref="PairPlan{T}.Steps"/> lists what was built, for tests that compare them.
/// </summary>
internal sealed partial class PairPlanBuilder<T>
{
    private readonly List<string> _log = new();

    /// <summary>
    /// Moves the only branch on to <paramref name="outputShape"/> (batch axis first; the batch size stays the input's,
    /// whatever the caller states), Gaussian or not.
    /// </summary>
    public void Advance(int[] outputShape, bool gaussian)
    {
        var branch = Single;
        branch.Signature = new BranchSignature(WithBatch(outputShape, branch.Signature), gaussian);
        if (outputShape.Length <= 2) branch.Form = SpatialForm.None;
        LogSignature();
    }

    /// <summary>
    /// Conv or ConvTranspose: the joint box filter over the window (1/|window|), then Dense's affine rule with fan-in
    /// C_in·|window| / <paramref name="widthScaleIn"/>, in one pass.
    /// </summary>
    public void Conv(string layer, int[] filter, int[] strides, Padding padding, bool transposed, double wStd, double? bStd,
        Parameterization parameterization, int widthScaleIn, int[] outputShape)
    {
        var input = Single.Signature;
        if (input.Shape.Length <= 2) throw new PlanUnsupportedException($"{layer}: a convolution needs spatial axes");
        var dims = Dims;
        var geometry = transposed
            ? SpatialTiles.TransposedWindow(dims, filter, strides, (SpatialPadding)padding)
            : SpatialTiles.Window(dims, filter, strides, (SpatialPadding)padding);
        int size = filter.Aggregate(1, (a, b) => a * b);
        Log($"conv {layer}: {string.Join("×", dims)} → {string.Join("×", outputShape[1..^1])}, window {string.Join("×", filter)}, strides {string.Join("×", strides)}, {padding}{(transposed ? ", transposed" : "")}");
        Box(layer, geometry, independent: false, 1.0 / size, outputShape[1..^1]);
        Dense(layer, wStd, bStd, parameterization, (double)input.Channels * size / widthScaleIn, outputShape);
    }

    /// <summary>Dense's affine rule on every position pair (the channel axis contracted), fan-in given.</summary>
    public void Dense(string layer, double wStd, double? bStd, Parameterization parameterization, double fanIn, int[] outputShape)
    {
        Pointwise(new AffineOp<T>(layer, wStd, bStd, parameterization, fanIn));
        Log($"affine {layer}: σw {wStd:R}, σb {(bStd is double b ? b.ToString("R") : "none")}, {parameterization}, fan-in {fanIn:R}");
        Advance(outputShape, gaussian: true);
    }

    /// <summary>Average or sum pooling: the independent box filter over every pair of window offsets (full form), scaled by <paramref name="scale"/>².</summary>
    public void Pool(string layer, int[] window, int[] strides, Padding padding, double scale, int[] outputShape)
    {
        var geometry = SpatialTiles.Window(Dims, window, strides, (SpatialPadding)padding);
        Log($"pool {layer}: {string.Join("×", Dims)} → {string.Join("×", outputShape[1..^1])}, window {string.Join("×", window)}, strides {string.Join("×", strides)}, {padding}");
        Box(layer, geometry, independent: true, scale * scale, outputShape[1..^1]);
        Advance(outputShape, Single.Signature.IsGaussian);
    }

    /// <summary>Flatten: the mean of the diagonal over the positions (nothing without spatial axes).</summary>
    public void Flatten(string layer, int[] outputShape)
    {
        if (Form == SpatialForm.Full) ToDiagonal(0);
        if (Form == SpatialForm.Diagonal) Reduce(layer, ReduceKind.Flatten, 1.0 / new SpatialLayout(SpatialForm.Diagonal, Dims).Size);
        Advance(outputShape, Single.Signature.IsGaussian);
    }

    /// <summary>A global pool: the sum of the full covariance over all position pairs, times <paramref name="average"/> ? 1/positions² : 1.</summary>
    public void GlobalPool(string layer, bool average, int[] outputShape)
    {
        double scale = average ? 1.0 / new SpatialLayout(SpatialForm.Full, Dims).Size : 1.0;
        Reduce(layer, ReduceKind.GlobalPool, scale * scale);
        Advance(outputShape, Single.Signature.IsGaussian);
    }

    private static int[] WithBatch(int[] shape, BranchSignature current) => new[] { current.Shape[0] }.Concat(shape.Skip(1)).ToArray();

    private void Log(string step) => _log.Add(step);

    private void LogSignature() => _log.Add($"  → {string.Join(" | ", _branches.Select(b => $"{b.Signature.ShapeText} {(b.Signature.IsGaussian ? "Gaussian" : "")} {b.Form}"))}");
}
