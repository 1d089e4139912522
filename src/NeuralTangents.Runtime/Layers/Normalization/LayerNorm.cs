using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// LayerNorm without learned scale or shift (Neural Tangents' <c>LayerNorm(axis)</c>): y = (x − mean)/√(var + ε)
/// over the channels, or over the channels and some spatial axes, separately for every combination of the
/// other coordinates. Kernel over channels only: K' = K/√((q1 + ε)(q2 + ε)) with the same-position variances
/// (<see cref="NormalizeDual"/>), on any spatial form and on the pair-major plan. With spatial axes each variance is ε + the mean same-position variance over the positions
/// normalized together (the channel mean vanishes for a Gaussian input, the variance over positions and
/// channels converges to that mean).
/// </summary>
internal sealed partial class LayerNorm : LayerBase
{
    public LayerNorm(double epsilon, int[]? axes = null)
    {
        Epsilon = epsilon;
        Axes = axes is null ? null : (int[])axes.Clone();
        if (Axes is not null) Validation.Guard.ThrowIfInvalid(LayerNormAxesRules.Axes(Name, Axes));
        Validation.Guard.Check(NormalizationRules.LayerNorm(Name, new[] { new BranchSignature(new[] { -1, 1 }, true) }, Epsilon, forKernel: false));
    }

    public double Epsilon { get; }

    /// <summary>The normalized axes as given (null: the channel axis only).</summary>
    public int[]? Axes { get; }

    public override string Name => Axes is null
        ? LayerNames.LayerNorm(Epsilon)
        : LayerNormAxesRules.Name(Axes, Epsilon);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => Axes is null
        ? NormalizationRules.LayerNorm(Name, input, Epsilon, forKernel)
        : LayerNormAxesRules.LayerNorm(Name, input, Axes, Epsilon, forKernel, out _);

    /// <summary>The groups normalized together within one item of <paramref name="shape"/>.</summary>
    private NormalizationGroups GroupsFor(int[] shape) => NormalizationGroups.For(shape, SpatialAxes(shape));

    /// <summary>The normalized spatial axes (0-based among the spatial axes) for an input of <paramref name="shape"/>.</summary>
    private int[] SpatialAxes(int[] shape)
    {
        if (Axes is null) return Array.Empty<int>();
        Validation.Guard.ThrowIfInvalid(LayerNormAxesRules.LayerNorm(Name, new[] { new BranchSignature(shape, true) }, Axes, Epsilon, false, out var spatial));
        return spatial;
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var input = x[0];
        var groups = GroupsFor(input.Shape);
        int items = input.Dim(0), units = input.RowLength;
        var y = Tensor<T>.Zeros(input.Shape);
        var inverseStd = new double[items * groups.Count];
        var values = new double[units];
        for (int n = 0; n < items; n++)
            for (int g = 0; g < groups.Count; g++)
            {
                var members = groups.Members[g];
                long origin = (long)n * units;
                for (int m = 0; m < members.Length; m++) values[m] = double.CreateTruncating(input.Data[origin + members[m]]);
                var (mean, variance) = Moments(values.AsSpan(0, members.Length));
                double s = inverseStd[n * groups.Count + g] = 1.0 / Math.Sqrt(variance + Epsilon);
                for (int m = 0; m < members.Length; m++) y.Data[origin + members[m]] = T.CreateTruncating((values[m] - mean) * s);
            }
        residual = (y, inverseStd, groups);
        return new[] { y };
    }

    /// <summary>dx = (1/σ)·(dy − mean(dy) − ŷ·mean(dy·ŷ)) per group, the cotangent rows mapped to their items.</summary>
    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var (y, inverseStd, groups) = ((Tensor<T>, double[], NormalizationGroups))residual!;
        var dy = cotangent[0];
        int units = y.RowLength, rows = dy.Dim(0);
        var dx = Tensor<T>.Zeros(dy.Shape);
        for (int r = 0; r < rows; r++)
        {
            int item = r / context.Repeat;
            long target = (long)r * units, source = (long)item * units;
            for (int g = 0; g < groups.Count; g++)
            {
                var members = groups.Members[g];
                double meanDy = 0, meanDyY = 0;
                foreach (int m in members)
                {
                    double d = double.CreateTruncating(dy.Data[target + m]);
                    meanDy += d;
                    meanDyY += d * double.CreateTruncating(y.Data[source + m]);
                }
                meanDy /= members.Length;
                meanDyY /= members.Length;
                double s = inverseStd[item * groups.Count + g];
                foreach (int m in members)
                {
                    double d = double.CreateTruncating(dy.Data[target + m]), yhat = double.CreateTruncating(y.Data[source + m]);
                    dx.Data[target + m] = T.CreateTruncating(s * (d - meanDy - yhat * meanDyY));
                }
            }
        }
        return new[] { dx };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var spatialAxes = SpatialAxes(tile.Signature.Shape);
        if (spatialAxes.Length == 0 || tile.Layout.Form == SpatialForm.None)
        {
            DeviceOps<T>.Instance.Elementwise(engine, tile, new NormalizeDual(Epsilon));
        }
        else
        {
            var groups = NormalizationGroups.For(tile.Signature.Shape, spatialAxes);
            DeviceOps<T>.Instance.GroupNormalize(engine, tile, groups.GroupOfPosition, groups.Count, Epsilon);
        }
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
    }

    private static (double Mean, double Variance) Moments(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (var v in values)
        {
            double d = v - mean;
            variance += d * d;
        }
        return (mean, variance / values.Length);
    }
}
