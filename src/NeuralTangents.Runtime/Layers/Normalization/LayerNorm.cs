using System.Globalization;
using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// LayerNorm over the channel axis without learned scale or shift (Neural Tangents' <c>LayerNorm(axis=-1)</c>):
/// y = (x − mean_c x)/√(var_c x + ε) at every position. Kernel: K' = K/√(q1·q2) with the same-position
/// variances, so it works on any spatial form.
/// </summary>
internal sealed partial class LayerNorm : LayerBase
{
    public LayerNorm(double epsilon)
    {
        Epsilon = epsilon;
        Validation.Guard.Check(Rule(new[] { new BranchSignature(new[] { -1, 1 }, true) }, forKernel: false));
    }

    public double Epsilon { get; }

    public override string Name => string.Create(CultureInfo.InvariantCulture, $"LayerNorm(epsilon: {Epsilon:G6})");

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => NormalizationRules.LayerNorm(Name, input, Epsilon, forKernel);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var input = x[0];
        int channels = input.Dim(-1), rows = input.Length / channels;
        var y = Tensor<T>.Zeros(input.Shape);
        var inverseStd = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            var (mean, variance) = Moments(input.Data.AsSpan(r * channels, channels));
            inverseStd[r] = 1.0 / Math.Sqrt(variance + Epsilon);
            for (int c = 0; c < channels; c++)
                y.Data[r * channels + c] = T.CreateTruncating((double.CreateTruncating(input.Data[r * channels + c]) - mean) * inverseStd[r]);
        }
        residual = (y, inverseStd);
        return new[] { y };
    }

    /// <summary>dx = (1/σ)·(dy − mean(dy) − ŷ·mean(dy·ŷ)) per position, the cotangent rows mapped to their items.</summary>
    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var (y, inverseStd) = ((Tensor<T>, double[]))residual!;
        var dy = cotangent[0];
        int channels = dy.Dim(-1), rows = dy.Length / channels, positionsPerItem = y.Length / channels / y.Dim(0);
        var dx = Tensor<T>.Zeros(dy.Shape);
        for (int r = 0; r < rows; r++)
        {
            int item = r / positionsPerItem / context.Repeat, position = r % positionsPerItem;
            int source = item * positionsPerItem + position;
            double meanDy = 0, meanDyY = 0;
            for (int c = 0; c < channels; c++)
            {
                double g = double.CreateTruncating(dy.Data[r * channels + c]);
                meanDy += g;
                meanDyY += g * double.CreateTruncating(y.Data[source * channels + c]);
            }
            meanDy /= channels;
            meanDyY /= channels;
            for (int c = 0; c < channels; c++)
            {
                double g = double.CreateTruncating(dy.Data[r * channels + c]), yhat = double.CreateTruncating(y.Data[source * channels + c]);
                dx.Data[r * channels + c] = T.CreateTruncating(inverseStd[source] * (g - meanDy - yhat * meanDyY));
            }
        }
        return new[] { dx };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        DeviceOps<T>.Instance.Elementwise(engine, tile, default(NormalizeDual));
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
    }

    private static (double Mean, double Variance) Moments<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double mean = 0;
        foreach (var v in values) mean += double.CreateTruncating(v);
        mean /= values.Length;
        double variance = 0;
        foreach (var v in values)
        {
            double d = double.CreateTruncating(v) - mean;
            variance += d * d;
        }
        return (mean, variance / values.Length);
    }
}
