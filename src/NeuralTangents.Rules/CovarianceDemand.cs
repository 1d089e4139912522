namespace NeuralTangents.Rules;

/// <summary>
/// What the kernel engine stores per pair of items for activations with spatial axes, and what each layer needs of
/// its input, written once for the runtime's planner (<c>SpatialDemand</c>, <c>TilePlan</c>, <c>KernelPlanInfo</c>)
/// and the compile-time model (the validator's per-layer facts, the generated <c>Info</c>). The requirement flows
/// from the output down: pooling and global pooling need the full pixel-pair covariance of their input, Flatten
/// only its diagonal, and every other layer needs of its input what its consumers need of its output.
/// </summary>
internal static class CovarianceDemand
{
    /// <summary>What AvgPool, SumPool, GlobalAvgPool and GlobalSumPool need of their input: every pair of positions.</summary>
    public const SpatialForm OfPooling = SpatialForm.Full;

    /// <summary>What Aggregate needs of its input: every pair of positions (messages mix the vertices of each side independently).</summary>
    public const SpatialForm OfAggregate = SpatialForm.Full;

    /// <summary>What Flatten needs of its input: the same-position entries (the kernel of a flattened input is their mean).</summary>
    public const SpatialForm OfFlatten = SpatialForm.Diagonal;

    /// <summary>What the network's output needs when it has no spatial axes, or when the caller asks for the diagonal form.</summary>
    public const SpatialForm OfOutput = SpatialForm.Diagonal;

    /// <summary>
    /// What an output that keeps spatial axes needs by default: every pair of positions, as Neural Tangents returns
    /// it (<c>diagonal_spatial = False</c>); <c>KernelOptions.DiagonalSpatial</c> asks for <see cref="OfOutput"/> instead.
    /// </summary>
    public const SpatialForm OfSpatialOutput = SpatialForm.Full;

    /// <summary>
    /// The demand of a layer that acts on each pair of positions separately (Conv, Dense on channels, nonlinearities,
    /// LayerNorm, Dropout, FanOut/FanIn): one demand per output branch passed on to the inputs; when the branch
    /// counts differ, every input gets the strongest output demand.
    /// </summary>
    public static SpatialForm[] PassOn(int inputBranches, SpatialForm[] output)
    {
        if (output.Length == inputBranches) return output;
        var strongest = SpatialForm.Diagonal;
        foreach (var form in output) if (form > strongest) strongest = form;
        var result = new SpatialForm[inputBranches];
        for (int i = 0; i < inputBranches; i++) result[i] = strongest;
        return result;
    }

    /// <summary>The number of positions S of an activation shape (batch, spatial…, channels); 1 without spatial axes.</summary>
    public static long Positions(int[] shape)
    {
        long size = 1;
        for (int a = 1; a < shape.Length - 1; a++) size *= shape[a];
        return size;
    }

    /// <summary>Stored values per pair of items for an activation of <paramref name="shape"/> in <paramref name="form"/>: 1, S or S².</summary>
    public static long EntriesPerPair(int[] shape, SpatialForm form)
    {
        if (shape.Length <= 2) return 1;
        long size = Positions(shape);
        return form switch
        {
            SpatialForm.Diagonal => size,
            SpatialForm.Full => size * size,
            _ => 1,
        };
    }

    /// <summary>
    /// Device bytes per pair of items of a network whose activations have no spatial axes: every live branch holds
    /// each requested array (nngp, ntk), and the host stages the input Gram block.
    /// </summary>
    public static long BytesPerPair(int elementSize, int arraysPerBranch, int peakBranches) =>
        (long)elementSize * (arraysPerBranch * peakBranches + 1);

    /// <summary>
    /// Device bytes per pair of items of a network with spatial axes: every pair holds up to
    /// <paramref name="peakEntriesPerPair"/> values per array, a spatial layer holds its input and output arrays at once,
    /// and the host stages the input covariance (<paramref name="inputEntriesPerPair"/> values).
    /// </summary>
    public static long BytesPerPair(int elementSize, int arraysPerBranch, int peakBranches, long peakEntriesPerPair, long inputEntriesPerPair) =>
        checked(elementSize * (2L * arraysPerBranch * peakBranches * peakEntriesPerPair + inputEntriesPerPair));

    /// <summary>The form's name in plans and <c>Info</c>: "none", "diagonal-spatial" or "full".</summary>
    public static string Describe(SpatialForm form) => form switch
    {
        SpatialForm.Full => "full",
        SpatialForm.Diagonal => "diagonal-spatial",
        _ => "none",
    };
}
