using System.Reflection;

namespace NeuralTangents.Samples.Data;

/// <summary>
/// Fashion-MNIST (Zalando Research, MIT licence): 28×28 grey-scale images of clothing in 10 classes,
/// 60 000 for training and 10 000 for testing. Read from the system copy installed by the Debian package
/// <c>dataset-fashion-mnist</c> when present, else from the first 500 training and 500 test images
/// embedded in this assembly (see <c>samples/Shared/data/README.md</c>).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Images per split in the embedded subset.</summary>
    public const int EmbeddedCount = 500;

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    private const string TrainImages = "train-images-idx3-ubyte.gz", TrainLabels = "train-labels-idx1-ubyte.gz";
    private const string TestImages = "t10k-images-idx3-ubyte.gz", TestLabels = "t10k-labels-idx1-ubyte.gz";
    private static readonly string[] Files = { TrainImages, TrainLabels, TestImages, TestLabels };

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Whether all four files are in <paramref name="directory"/> (default <see cref="SystemDirectory"/>).</summary>
    public static bool IsInstalled(string? directory = null) =>
        Files.All(file => File.Exists(Path.Combine(directory ?? SystemDirectory, file)));

    /// <summary>Loads the first <paramref name="trainCount"/> training and <paramref name="testCount"/> test images.</summary>
    /// <param name="trainCount">Training images to load (0 … 60 000, at most 500 from the embedded subset).</param>
    /// <param name="testCount">Test images to load (0 … 10 000, at most 500 from the embedded subset).</param>
    /// <param name="source">Where to read from; <see cref="FashionMnistSource.Auto"/> prefers the system copy.</param>
    /// <param name="directory">The directory of the system copy; null means <see cref="SystemDirectory"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or more than the chosen source holds.</exception>
    /// <exception cref="FileNotFoundException"><see cref="FashionMnistSource.System"/> was asked for and a file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a well-formed Fashion-MNIST IDX file.</exception>
    public static FashionMnistData Load(int trainCount, int testCount, FashionMnistSource source = FashionMnistSource.Auto, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        directory ??= SystemDirectory;
        if (source == FashionMnistSource.Auto)
            source = IsInstalled(directory) ? FashionMnistSource.System : FashionMnistSource.Embedded;

        if (source == FashionMnistSource.System)
        {
            foreach (string file in Files)
            {
                string path = Path.Combine(directory, file);
                if (!File.Exists(path))
                    throw new FileNotFoundException(
                        $"Fashion-MNIST file {path} is missing; install the Debian package dataset-fashion-mnist or use the embedded subset.", path);
            }
            IdxArray Read(string file, int count) => IdxReader.ReadFile(Path.Combine(directory, file), count);
            var train = Split("training", trainCount, Read(TrainImages, trainCount), Read(TrainLabels, trainCount), directory);
            var test = Split("test", testCount, Read(TestImages, testCount), Read(TestLabels, testCount), directory);
            return new FashionMnistData(train, test, FashionMnistSource.System,
                $"Fashion-MNIST from {directory} (Debian package dataset-fashion-mnist): {trainCount} training, {testCount} test images");
        }

        foreach (var (count, name) in new[] { (trainCount, nameof(trainCount)), (testCount, nameof(testCount)) })
        {
            if (count > EmbeddedCount)
                throw new ArgumentOutOfRangeException(name, count,
                    $"The embedded Fashion-MNIST subset holds {EmbeddedCount} images per split; for more, install the Debian package " +
                    $"dataset-fashion-mnist (apt-get install dataset-fashion-mnist, files in {SystemDirectory}).");
        }
        var embeddedTrain = Split("training", trainCount, ReadEmbedded(TrainImages, trainCount), ReadEmbedded(TrainLabels, trainCount), "the embedded subset");
        var embeddedTest = Split("test", testCount, ReadEmbedded(TestImages, testCount), ReadEmbedded(TestLabels, testCount), "the embedded subset");
        return new FashionMnistData(embeddedTrain, embeddedTest, FashionMnistSource.Embedded,
            $"Fashion-MNIST embedded subset (first {EmbeddedCount} of each split; {SystemDirectory} not used): {trainCount} training, {testCount} test images");
    }

    private static IdxArray ReadEmbedded(string file, int count)
    {
        string resource = "FashionMnist/" + file;
        using var stream = typeof(FashionMnist).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {typeof(FashionMnist).Assembly.GetName().Name}.");
        return IdxReader.ReadPossiblyCompressed(stream, count, "embedded " + file);
    }

    private static LabeledImages Split(string split, int requested, IdxArray images, IdxArray labels, string origin)
    {
        if (images.Dimensions.Length != 3 || labels.Dimensions.Length != 1)
            throw new InvalidDataException(
                $"Fashion-MNIST {split} files in {origin} have shapes [{string.Join(", ", images.Dimensions)}] and [{string.Join(", ", labels.Dimensions)}]; expected [n, rows, columns] and [n].");
        if (images.Count < requested || labels.Count < requested)
            throw new ArgumentOutOfRangeException(split == "training" ? "trainCount" : "testCount", requested,
                $"Fashion-MNIST in {origin} holds {Math.Min(images.Count, labels.Count)} {split} images.");
        return new LabeledImages(images.Values, labels.Values, images.Dimensions[1], images.Dimensions[2], Classes);
    }
}
