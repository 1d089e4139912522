using System.ComponentModel;
using System.Numerics;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The steps of a kernel plan as a generated <c>[Network]</c> class states them: each call is one layer's rule with
/// its sizes and constants as literals fixed at compile time. The runtime's layers state the same steps through the
/// same builder when a network composed at run time is planned, so the two plans are built by one piece of code.
/// For generated code; not meant to be called by hand.
/// </summary>
/// <typeparam name="T">The kernel's element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PlanSteps<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly PairPlanBuilder<T> _builder;

    internal PlanSteps(PairPlanBuilder<T> builder) => _builder = builder;

    /// <summary>Conv or ConvTranspose: the window's box filter and the affine rule, in one pass.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="filter">The window.</param>
    /// <param name="strides">The strides.</param>
    /// <param name="padding">The padding.</param>
    /// <param name="transposed">Whether this is ConvTranspose.</param>
    /// <param name="wStd">σw.</param>
    /// <param name="bStd">σb, or null without a bias.</param>
    /// <param name="parameterization">NTK or standard.</param>
    /// <param name="widthScaleIn">The standard parameterization's input width scale.</param>
    /// <param name="outputShape">The layer's output shape, batch axis first.</param>
    public void Conv(string layer, int[] filter, int[] strides, Padding padding, bool transposed, double wStd, double? bStd, Parameterization parameterization,
        int widthScaleIn, int[] outputShape) =>
        _builder.Conv(layer, filter, strides, padding, transposed, wStd, bStd, parameterization, widthScaleIn, outputShape);

    /// <summary>Dense: the affine rule on every position pair.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="wStd">σw.</param>
    /// <param name="bStd">σb, or null without a bias.</param>
    /// <param name="parameterization">NTK or standard.</param>
    /// <param name="fanIn">Input channels over the input width scale.</param>
    /// <param name="outputShape">The layer's output shape, batch axis first.</param>
    public void Dense(string layer, double wStd, double? bStd, Parameterization parameterization, double fanIn, int[] outputShape) =>
        _builder.Dense(layer, wStd, bStd, parameterization, fanIn, outputShape);

    /// <summary>A nonlinearity: its dual on every position pair (the layer's own rule, e.g. <c>Stax.Relu()</c>).</summary>
    /// <param name="nonlinearity">The nonlinearity, as <c>Stax</c> builds it.</param>
    public void Nonlinearity(ILayer nonlinearity) => LayerBase.From(nonlinearity, nameof(nonlinearity)).AddToPlan(_builder);

    /// <summary>LayerNorm over channels: its normalization map on every position pair (the layer's own rule, as <c>Stax.LayerNorm(epsilon)</c> states it).</summary>
    /// <param name="epsilon">ε, added to the variances.</param>
    public void LayerNorm(double epsilon) => LayerBase.From(Stax.LayerNorm(epsilon), nameof(epsilon)).AddToPlan(_builder);

    /// <summary>Average or sum pooling over windows.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="window">The window.</param>
    /// <param name="strides">The strides.</param>
    /// <param name="padding">The padding.</param>
    /// <param name="scale">The pooling factor (1/|window| for average pooling, 1 for sum pooling).</param>
    /// <param name="outputShape">The layer's output shape, batch axis first.</param>
    public void Pool(string layer, int[] window, int[] strides, Padding padding, double scale, int[] outputShape) =>
        _builder.Pool(layer, window, strides, padding, scale, outputShape);

    /// <summary>Flatten.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="outputShape">The layer's output shape, batch axis first.</param>
    public void Flatten(string layer, int[] outputShape) => _builder.Flatten(layer, outputShape);

    /// <summary>A global average or sum pool.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="average">Average (rather than sum) pooling.</param>
    /// <param name="outputShape">The layer's output shape, batch axis first.</param>
    public void GlobalPool(string layer, bool average, int[] outputShape) => _builder.GlobalPool(layer, average, outputShape);

    /// <summary>Drops branch <paramref name="branch"/>'s full covariance to its diagonal: nothing later needs the pairs of different positions.</summary>
    /// <param name="branch">The live branch.</param>
    public void ToDiagonal(int branch) => _builder.ToDiagonal(branch);

    /// <summary>FanOut: <paramref name="count"/> copies of the branch.</summary>
    /// <param name="count">The number of branches.</param>
    public void FanOut(int count) => _builder.FanOut(count);

    /// <summary>The steps of branch <paramref name="index"/> of the last FanOut (a Parallel child).</summary>
    /// <param name="index">The branch.</param>
    /// <param name="steps">Its steps.</param>
    public void Branch(int index, Action<PlanSteps<T>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _builder.InBranch(index, () => steps(this));
    }

    /// <summary>FanInSum: the branches of the last FanOut add.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="outputShape">The output shape, batch axis first.</param>
    /// <param name="gaussian">Whether the sum is Gaussian (every branch is).</param>
    public void FanInSum(string layer, int[] outputShape, bool gaussian) => _builder.FanInSum(layer, outputShape, gaussian);
}
