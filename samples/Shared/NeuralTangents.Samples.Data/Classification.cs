using System.Numerics;

namespace NeuralTangents.Samples.Data;

/// <summary>How the samples score regression outputs as class predictions.</summary>
public static class Classification
{
    /// <summary>The fraction of rows of <paramref name="predictions"/> whose largest entry (the first, on ties) is at the label.</summary>
    /// <param name="predictions">Items × classes.</param>
    /// <param name="labels">One class per item.</param>
    public static double Accuracy<T>(Tensor<T> predictions, byte[] labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = predictions.Dim(1), correct = 0;
        for (int i = 0; i < predictions.Dim(0); i++)
        {
            var row = predictions.Data.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best == labels[i]) correct++;
        }
        return (double)correct / predictions.Dim(0);
    }
}
