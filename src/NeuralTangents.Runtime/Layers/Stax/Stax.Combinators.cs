using NeuralTangents.Layers;
using NeuralTangents.Layers.Branching;
using NeuralTangents.Layers.Combinators;
using NeuralTangents.Layers.Linear;

namespace NeuralTangents;

/// <summary>
/// The layer factory, mirroring Neural Tangents' <c>stax</c>: every method returns an immutable
/// <see cref="ILayer"/> with init, apply and kernel faces. This part holds combinators, branching and the
/// linear layers; the nonlinearities are in the other parts of this class.
/// </summary>
public static partial class Stax
{
    /// <summary>Layers applied one after another.</summary>
    public static ILayer Serial(params ILayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("Serial needs at least one layer.", nameof(layers));
        return Made(new Serial(layers.Select((l, i) => LayerBase.From(l, $"{nameof(layers)}[{i}]")).ToArray()), [layers]);
    }

    /// <summary>Layer i applied to branch i; put a <see cref="FanOut"/> before and a FanIn layer after.</summary>
    public static ILayer Parallel(params ILayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("Parallel needs at least one layer.", nameof(layers));
        return Made(new Layers.Combinators.Parallel(layers.Select((l, i) => LayerBase.From(l, $"{nameof(layers)}[{i}]")).ToArray()), [layers]);
    }

    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="block"/> in series (beyond Neural Tangents; its
    /// parameters are drawn independently for each copy).
    /// </summary>
    public static ILayer Repeat(int count, ILayer block)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Repeat needs at least one copy.");
        return Made(new Serial(Enumerable.Repeat(LayerBase.From(block, nameof(block)), count).ToArray()), [count, block]);
    }

    /// <summary>Copies the input into <paramref name="count"/> branches.</summary>
    public static ILayer FanOut(int count) => Made(new FanOut(Check(count, nameof(count))), [count]);

    /// <summary>Adds branches (which must be Gaussian pre-activations for the kernel, e.g. each ending in Dense).</summary>
    public static ILayer FanInSum() => Made(new FanInSum(), []);

    /// <summary>Multiplies branches elementwise.</summary>
    public static ILayer FanInProd() => Made(new FanInProd(), []);

    /// <summary>Concatenates branches along <paramref name="axis"/> (the channel axis, -1, by default).</summary>
    public static ILayer FanInConcat(int axis = -1) => Made(new FanInConcat(axis), [axis]);

    /// <summary>The identity.</summary>
    public static ILayer Identity() => Made(new Identity(), []);

    /// <summary>Flattens every axis but the batch axis.</summary>
    public static ILayer Flatten() => Made(new Flatten(), []);

    /// <summary>
    /// A fully-connected layer of width <paramref name="outDim"/> along the channel (last) axis.
    /// </summary>
    /// <param name="outDim">Output channels.</param>
    /// <param name="wStd">Weight standard deviation σ_w (positive).</param>
    /// <param name="bStd">Bias standard deviation σ_b; null (the default, as in Neural Tangents) means no bias.</param>
    /// <param name="parameterization">NTK (default) or standard parameterization.</param>
    /// <param name="widthScaleIn">s0 of the standard parameterization.</param>
    /// <param name="widthScaleOut">s1 of the standard parameterization (the finite width is outDim·s1).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer Dense(int outDim, double wStd = 1.0, double? bStd = null, Parameterization parameterization = Parameterization.Ntk,
        int widthScaleIn = 1, int widthScaleOut = 1) =>
        Made(new Dense(outDim, wStd, bStd, parameterization, widthScaleIn, widthScaleOut), [outDim, wStd, bStd, parameterization, widthScaleIn, widthScaleOut]);

    private static int Check(int count, string name) => count >= 1 ? count : throw new ArgumentOutOfRangeException(name, count, "must be at least 1");
}
