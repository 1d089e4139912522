using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>The numbers the samples report.</summary>
public static class Metrics
{
    /// <summary>√(mean((a − b)²)) over every entry.</summary>
    public static double Rmse(Tensor<double> a, Tensor<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a.Data[i] - b.Data[i]) * (a.Data[i] - b.Data[i]);
        return Math.Sqrt(sum / a.Length);
    }

    /// <summary>The fraction of rows whose largest logit is the label.</summary>
    public static double Accuracy(Tensor<double> logits, int[] labels)
    {
        int classes = logits.Dim(1), correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int k = 1; k < classes; k++)
                if (logits[i, k] > logits[i, best]) best = k;
            if (best == labels[i]) correct++;
        }
        return (double)correct / labels.Length;
    }
}
