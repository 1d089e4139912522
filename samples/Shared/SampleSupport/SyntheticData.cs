using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>Small synthetic data sets, so the samples run anywhere without downloads.</summary>
public static class SyntheticData
{
    /// <summary>
    /// A Gaussian mixture with one component per class: class means drawn from N(0, spread²·I), points from
    /// N(mean, I), features standardized over the whole set; labels one-hot.
    /// </summary>
    public static (Tensor<double> X, Tensor<double> Y, int[] Labels) Classification(int count, int features, int classes, double spread, PrngKey key)
    {
        var means = new double[classes * features];
        key.Child(0).FillNormal(means);
        var noise = new double[count * features];
        key.Child(1).FillNormal(noise);
        var x = Tensor<double>.Zeros(count, features);
        var y = Tensor<double>.Zeros(count, classes);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = (int)(key.Child(2).Word(i) % (ulong)classes);
            labels[i] = label;
            y[i, label] = 1;
            for (int f = 0; f < features; f++) x[i, f] = spread * means[label * features + f] + noise[i * features + f];
        }
        for (int f = 0; f < features; f++)
        {
            double mean = 0, square = 0;
            for (int i = 0; i < count; i++) mean += x[i, f];
            mean /= count;
            for (int i = 0; i < count; i++) square += (x[i, f] - mean) * (x[i, f] - mean);
            double std = Math.Sqrt(square / count);
            for (int i = 0; i < count; i++) x[i, f] = (x[i, f] - mean) / std;
        }
        return (x, y, labels);
    }

    /// <summary>Rows <paramref name="rows"/> of <paramref name="tensor"/>, in that order.</summary>
    public static Tensor<double> Rows(Tensor<double> tensor, ReadOnlySpan<int> rows)
    {
        int width = tensor.RowLength;
        var shape = tensor.Shape;
        shape[0] = rows.Length;
        var result = Tensor<double>.Zeros(shape);
        for (int r = 0; r < rows.Length; r++) tensor.Data.AsSpan(rows[r] * width, width).CopyTo(result.Data.AsSpan(r * width, width));
        return result;
    }

    /// <summary>A permutation of 0 … n−1 drawn from <paramref name="key"/> (Fisher–Yates).</summary>
    public static int[] Permutation(int n, PrngKey key)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(key.Word(i) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
