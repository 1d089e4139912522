namespace NeuralTangents.Losses;

/// <summary>
/// −(1/N_y)·Σ_i Σ_c y_ic·log softmax(f_i)_c; gradient (softmax(f_i)_c·Σ_c' y_ic' − y_ic)/N_y. Log-sum-exp is
/// shifted by each row's maximum so large outputs do not overflow.
/// </summary>
internal sealed class SoftmaxCrossEntropyLoss : Loss
{
    public override string Name => "SoftmaxCrossEntropy";

    public override double Value(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem)
    {
        double sum = 0;
        for (int row = 0; row < outputs.Length / outputsPerItem; row++)
        {
            var f = outputs.Slice(row * outputsPerItem, outputsPerItem);
            var y = targets.Slice(row * outputsPerItem, outputsPerItem);
            double logSum = LogSumExp(f);
            for (int c = 0; c < f.Length; c++) sum -= y[c] * (f[c] - logSum);
        }
        return sum / outputs.Length;
    }

    public override void Gradient(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem, Span<double> gradient)
    {
        double scale = 1.0 / outputs.Length;
        for (int row = 0; row < outputs.Length / outputsPerItem; row++)
        {
            var f = outputs.Slice(row * outputsPerItem, outputsPerItem);
            var y = targets.Slice(row * outputsPerItem, outputsPerItem);
            var g = gradient.Slice(row * outputsPerItem, outputsPerItem);
            double logSum = LogSumExp(f), mass = 0;
            for (int c = 0; c < y.Length; c++) mass += y[c];
            for (int c = 0; c < f.Length; c++) g[c] = (Math.Exp(f[c] - logSum) * mass - y[c]) * scale;
        }
    }

    private static double LogSumExp(ReadOnlySpan<double> f)
    {
        double max = double.NegativeInfinity;
        foreach (double v in f) max = Math.Max(max, v);
        double sum = 0;
        foreach (double v in f) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
