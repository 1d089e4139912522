using FashionMnistRegression;

namespace NeuralTangents.Tests.Samples;

public sealed class RegressionSampleOptionsTests
{
    [Fact]
    public void Without_a_network_option_the_sample_regresses_with_the_fcn_on_10000_training_images()
    {
        var options = SampleOptions.Parse(Array.Empty<string>());

        Assert.Same(RegressionNetwork.Fcn, options.Network);
        Assert.Equal(10_000, options.Network.DefaultTrain);
        Assert.Equal(1e-4, options.DiagReg);
    }

    [Fact]
    public void Network_cnn_selects_the_convolutional_network_on_2000_training_images_with_the_same_regularizer()
    {
        var options = SampleOptions.Parse(new[] { "--network", "cnn", "--test", "30" });

        Assert.Same(RegressionNetwork.Cnn, options.Network);
        Assert.Equal(2_000, options.Network.DefaultTrain);
        Assert.Equal(30, options.Test);
        Assert.Equal(1e-4, options.DiagReg);
    }

    [Theory]
    [InlineData("--network", "resnet", "fcn, cnn")]
    [InlineData("--network", null, "needs a value")]
    public void A_bad_network_option_says_what_it_needs(string option, string? value, string message)
    {
        var args = value is null ? new[] { option } : new[] { option, value };

        var error = Assert.Throws<ArgumentException>(() => SampleOptions.Parse(args));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Cnn_inputs_are_the_standardized_images_as_28x28x1_and_fcn_inputs_the_flat_784_pixels()
    {
        var images = NeuralTangents.Samples.Data.FashionMnist.Load(3, 0, NeuralTangents.Samples.Data.FashionMnistSource.Embedded).Train;

        var spatial = RegressionNetwork.Cnn.Inputs<float>(images);
        var flat = RegressionNetwork.Fcn.Inputs<float>(images);

        Assert.Equal(new[] { 3, 28, 28, 1 }, spatial.Shape);
        Assert.Equal(new[] { 3, 784 }, flat.Shape);
        Assert.Equal(flat.Data, spatial.Data);
        // Standardized: each image has mean 0 and x·x/784 = 1.
        var first = flat.Data.AsSpan(0, 784).ToArray();
        Assert.Equal(0, first.Average(), 1e-5);
        Assert.Equal(1, first.Sum(v => (double)v * v) / 784, 1e-5);
    }
}
