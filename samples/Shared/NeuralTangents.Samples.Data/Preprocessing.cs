using System.Numerics;

namespace NeuralTangents.Samples.Data;

/// <summary>
/// The preprocessing of Neural Tangents' examples: each image is flattened, scaled to [0, 1], centred (its
/// own mean subtracted) and scaled to norm √d (d pixels), so that every input has x·x/d = 1; targets are
/// one-hot vectors minus 0.1, which centres them over ten classes. Computed in double, stored in
/// the requested precision.
/// </summary>
public static class Preprocessing
{
    /// <summary>The images as a count × pixels tensor, each row centred and of norm √pixels.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static Tensor<T> Images<T>(LabeledImages images) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        int d = images.PixelsPerImage;
        var data = new T[(long)images.Count * d];
        var row = new double[d];
        for (int i = 0; i < images.Count; i++)
        {
            NormalizeImage(images.Image(i), row);
            for (int p = 0; p < d; p++) data[(long)i * d + p] = T.CreateTruncating(row[p]);
        }
        return new Tensor<T>(data, images.Count, d);
    }

    /// <summary>One-hot targets minus 0.1: a count × classes tensor with 0.9 at the label and −0.1 elsewhere.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static Tensor<T> Targets<T>(LabeledImages images) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        var hot = T.CreateTruncating(0.9);
        var cold = T.CreateTruncating(-0.1);
        var data = new T[(long)images.Count * images.Classes];
        for (int i = 0; i < images.Count; i++)
            for (int k = 0; k < images.Classes; k++)
                data[(long)i * images.Classes + k] = images.Labels[i] == k ? hot : cold;
        return new Tensor<T>(data, images.Count, images.Classes);
    }

    /// <summary>
    /// One image: pixels/255, minus their mean, scaled to norm √d. A constant image has nothing left after
    /// centring and stays all zeros (it carries no information a kernel could use).
    /// </summary>
    /// <exception cref="ArgumentException">The output length differs from the pixel count.</exception>
    public static void NormalizeImage(ReadOnlySpan<byte> pixels, Span<double> output)
    {
        if (output.Length != pixels.Length)
            throw new ArgumentException($"The output holds {output.Length} values but the image has {pixels.Length} pixels.", nameof(output));
        int d = pixels.Length;
        double mean = 0;
        for (int p = 0; p < d; p++) mean += pixels[p] / 255.0;
        mean /= d;
        double squares = 0;
        for (int p = 0; p < d; p++)
        {
            output[p] = pixels[p] / 255.0 - mean;
            squares += output[p] * output[p];
        }
        if (squares == 0) return;
        double scale = Math.Sqrt(d / squares);
        for (int p = 0; p < d; p++) output[p] *= scale;
    }
}
