using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// AvgPool or SumPool over a window of each channel. Each side of the covariance is pooled independently,
/// K'[o, o'] = c²·Σ_{a ∈ win(o)} Σ_{a' ∈ win(o')} K[a, a'] with c = 1/|window| (AvgPool, zeros of SAME padding
/// counted) or 1 (SumPool), so it needs the full covariance of its input. Linear: Gaussian stays Gaussian.
/// </summary>
internal sealed partial class Pool : LayerBase
{
    public Pool(bool average, int[] window, int[] strides, Padding padding)
    {
        Average = average;
        Window = (int[])window.Clone();
        Strides = (int[])strides.Clone();
        Padding = padding;
        Validation.Guard.Check(Rule(new[] { SpatialRules.Probe(window) }, forKernel: false));
    }

    public bool Average { get; }

    public int[] Window { get; }

    public int[] Strides { get; }

    public Padding Padding { get; }

    private int WindowSize => Window.Aggregate(1, (a, b) => a * b);

    private double Scale => Average ? 1.0 / WindowSize : 1.0;

    public override string Name => LayerNames.Pool(Average, Window, Strides, (SpatialPadding)Padding);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) =>
        SpatialRules.Pool(Name, input, Window, Strides, (SpatialPadding)Padding);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var window = WindowFor(x[0].Shape);
        residual = window;
        return new[] { window.Pool(x[0], Scale) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) =>
        new[] { ((SpatialWindow)residual!).PoolBackward(cotangent[0], Scale) };

    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var window = WindowFor(x[0].Primal.Shape);
        return new[] { x[0].MapLinear(c => window.Pool(c, Scale)) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        var geometry = SpatialTiles.Window(tile.Layout.Dims, Window, Strides, (SpatialPadding)Padding);
        tile = SpatialTiles.Apply(engine, tile, geometry, SpatialLayout.For(output.Shape, SpatialForm.Full), independent: true, scale: Scale * Scale);
        tile.Signature = output;
        return new[] { tile };
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) => new[] { CovarianceDemand.OfPooling };

    private SpatialWindow WindowFor(int[] shape) => SpatialWindow.Create(shape[1..^1], Window, Strides, (SpatialPadding)Padding);
}
