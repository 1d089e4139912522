using NeuralTangents.Samples.Data;

namespace NeuralTangents.Tests.Samples;

public sealed class PreprocessingTests
{
    [Fact]
    public void A_two_pixel_image_becomes_minus_one_and_one()
    {
        // [0, 255] → [0, 1] → centred [−½, ½] → norm √2: [−1, 1].
        var output = new double[2];
        Preprocessing.NormalizeImage(new byte[] { 0, 255 }, output);
        Assert.Equal(new[] { -1.0, 1.0 }, output);
    }

    [Fact]
    public void A_constant_image_stays_zero()
    {
        var output = new double[3];
        Preprocessing.NormalizeImage(new byte[] { 7, 7, 7 }, output);
        Assert.Equal(new double[3], output);
    }

    [Fact]
    public void Output_length_must_match_the_image()
    {
        var error = Assert.Throws<ArgumentException>(() => Preprocessing.NormalizeImage(new byte[4], new double[3]));
        Assert.Equal("output", error.ParamName);
    }

    [Fact]
    public void Images_are_flat_centred_rows_of_norm_sqrt_d_in_both_precisions()
    {
        var images = FashionMnist.Load(12, 0, FashionMnistSource.Embedded).Train;

        var x64 = Preprocessing.Images<double>(images);
        var x32 = Preprocessing.Images<float>(images);

        Assert.Equal(new[] { 12, 784 }, x64.Shape);
        Assert.Equal(new[] { 12, 784 }, x32.Shape);
        for (int i = 0; i < 12; i++)
        {
            var row = x64.Data.AsSpan(i * 784, 784);
            double sum = 0, squares = 0;
            foreach (double v in row)
            {
                sum += v;
                squares += v * v;
            }
            Assert.Equal(0, sum, 1e-9);
            Assert.Equal(784, squares, 1e-9);
            for (int p = 0; p < 784; p++) Assert.Equal((float)row[p], x32.Data[i * 784 + p]);
        }
    }

    [Fact]
    public void Targets_are_one_hot_minus_a_tenth()
    {
        var images = new LabeledImages(new byte[3 * 4], new byte[] { 2, 0, 9 }, 2, 2, 10);

        var y = Preprocessing.Targets<double>(images);

        Assert.Equal(new[] { 3, 10 }, y.Shape);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 10; k++)
                Assert.Equal(k == images.Labels[i] ? 0.9 : -0.1, y[i, k]);
    }

    [Fact]
    public void Labels_outside_the_classes_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new LabeledImages(new byte[2], new byte[] { 1, 10 }, 1, 1, 10));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("Label 10 of image 1", error.Message);
    }
}
