namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// One pass of a linear map along one spatial axis of a covariance, passed by value into device kernels: the
/// input positions of the mapped member (up to three axes, unused ones of size 1), the positions of the other
/// member in the full form, which member is mapped, the axis and its output size, and whether the weights are
/// squared (the diagonal form of a selection: each output reads one input).
/// </summary>
internal struct AxisMapGeometry
{
    public int In0, In1, In2;

    /// <summary>Positions of the member not mapped in this pass (full form); 1 in the diagonal form.</summary>
    public int OtherSize;

    /// <summary>1 for the full pixel-pair form ([pair, p, p']), 0 for the diagonal form ([pair, p]).</summary>
    public int Full;

    /// <summary>0 maps the first member (p), 1 the second (p'); ignored in the diagonal form.</summary>
    public int Side;

    /// <summary>The mapped axis (0 to 2) and its output size.</summary>
    public int Axis, Out;

    /// <summary>Nonzero to weight by M² (diagonal form of a selection map).</summary>
    public int Squared;

    /// <summary>Input positions of the mapped member.</summary>
    public readonly int InSize => In0 * In1 * In2;

    /// <summary>Output positions of the mapped member.</summary>
    public readonly int OutSize => InSize / AxisIn * Out;

    /// <summary>The input size of the mapped axis.</summary>
    public readonly int AxisIn => Axis == 0 ? In0 : Axis == 1 ? In1 : In2;
}
