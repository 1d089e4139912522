using NeuralTangents.Samples.Data;

namespace NeuralTangents.Tests.Samples;

public sealed class FashionMnistTests
{
    [Fact]
    public void Embedded_subset_loads_images_labels_and_names_its_source()
    {
        var data = FashionMnist.Load(20, 10, FashionMnistSource.Embedded);

        Assert.Equal(FashionMnistSource.Embedded, data.Source);
        Assert.Contains("embedded subset", data.SourceDescription);
        Assert.Equal((20, 10), (data.Train.Count, data.Test.Count));
        Assert.Equal((28, 28, 784), (data.Train.Rows, data.Train.Columns, data.Train.PixelsPerImage));
        Assert.Equal(20 * 784, data.Train.Pixels.Length);
        // The first training and test items of Fashion-MNIST are both ankle boots (class 9).
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[data.Train.Labels[0]]);
        Assert.Equal(9, data.Test.Labels[0]);
        Assert.All(data.Train.Labels, label => Assert.InRange(label, 0, 9));
        Assert.Contains(data.Train.Pixels, pixel => pixel > 200);
    }

    [Fact]
    public void Embedded_subset_equals_the_first_items_of_the_system_copy_when_installed()
    {
        if (!FashionMnist.IsInstalled()) return; // nothing to compare against on machines without the package
        var system = FashionMnist.Load(FashionMnist.EmbeddedCount, FashionMnist.EmbeddedCount, FashionMnistSource.System);
        var embedded = FashionMnist.Load(FashionMnist.EmbeddedCount, FashionMnist.EmbeddedCount, FashionMnistSource.Embedded);

        Assert.Equal(FashionMnistSource.System, system.Source);
        Assert.Contains(FashionMnist.SystemDirectory, system.SourceDescription);
        Assert.Equal(system.Train.Pixels, embedded.Train.Pixels);
        Assert.Equal(system.Train.Labels, embedded.Train.Labels);
        Assert.Equal(system.Test.Pixels, embedded.Test.Pixels);
        Assert.Equal(system.Test.Labels, embedded.Test.Labels);
    }

    [Fact]
    public void Asking_the_embedded_subset_for_more_than_it_holds_names_the_package_to_install()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FashionMnist.Load(501, 0, FashionMnistSource.Embedded));

        Assert.Equal("trainCount", error.ParamName);
        Assert.Contains("dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void Auto_falls_back_to_the_embedded_subset_and_system_fails_clearly_where_files_are_missing()
    {
        string empty = Directory.CreateTempSubdirectory("no-fashion-mnist-").FullName;
        try
        {
            var auto = FashionMnist.Load(3, 3, FashionMnistSource.Auto, empty);
            Assert.Equal(FashionMnistSource.Embedded, auto.Source);

            var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(3, 3, FashionMnistSource.System, empty));
            Assert.Contains(Path.Combine(empty, "train-images-idx3-ubyte.gz"), error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Negative_counts_are_rejected()
    {
        Assert.Equal("testCount", Assert.Throws<ArgumentOutOfRangeException>(() => FashionMnist.Load(1, -1)).ParamName);
    }
}
