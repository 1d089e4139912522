using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>
/// A network the sample can regress with, with the input layout it takes and its default training-set size:
/// <see cref="Fcn"/> (flattened images) or <see cref="Cnn"/> (28×28×1 images). Both are in the NTK
/// parameterization with W_std 1.5 and b_std 0.05 on every layer, as in Neural Tangents' examples.
/// </summary>
internal sealed class RegressionNetwork
{
    private RegressionNetwork(string name, string description, ILayer layer, int defaultTrain, bool spatial)
    {
        Name = name;
        Description = description;
        Layer = layer;
        DefaultTrain = defaultTrain;
        Spatial = spatial;
    }

    /// <summary>Dense(512) → Relu → Dense(512) → Relu → Dense(10) on the 784 pixels of each image.</summary>
    public static RegressionNetwork Fcn { get; } = new(
        "fcn", "Dense(512) → Relu → Dense(512) → Relu → Dense(10) on flattened images",
        Stax.Serial(
            Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
            Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
            Stax.Dense(10, wStd: 1.5, bStd: 0.05)),
        defaultTrain: 10_000, spatial: false);

    /// <summary>
    /// 3 × (Conv(256, 3×3, SAME) → Relu) → Flatten → Dense(10) on 28×28×1 images: the Flatten network of issue 12,
    /// whose kernel needs only the diagonal-spatial covariance.
    /// </summary>
    public static RegressionNetwork Cnn { get; } = new(
        "cnn", "3 × (Conv(256, 3×3, SAME) → Relu) → Flatten → Dense(10) on 28×28×1 images",
        Stax.Serial(
            ConvRelu(), ConvRelu(), ConvRelu(),
            Stax.Flatten(), Stax.Dense(10, wStd: 1.5, bStd: 0.05)),
        defaultTrain: 2_000, spatial: true);

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<RegressionNetwork> All { get; } = new[] { Fcn, Cnn };

    /// <summary>The name on the command line (<c>--network fcn|cnn</c>).</summary>
    public string Name { get; }

    /// <summary>The architecture in one line.</summary>
    public string Description { get; }

    /// <summary>The infinite-width network.</summary>
    public ILayer Layer { get; }

    /// <summary>Training images when <c>--train</c> is not given and the full dataset is installed.</summary>
    public int DefaultTrain { get; }

    /// <summary>Whether the network takes images (count × rows × columns × 1) rather than flat pixel vectors.</summary>
    public bool Spatial { get; }

    /// <summary>The network called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No network has that name; the message lists the names.</exception>
    public static RegressionNetwork Parse(string name) =>
        All.FirstOrDefault(network => network.Name == name)
        ?? throw new ArgumentException($"--network needs one of {string.Join(", ", All.Select(network => network.Name))}, got '{name}'.");

    /// <summary>
    /// The preprocessed images (<see cref="Preprocessing.Images{T}"/>: each standardized to mean 0 and norm √784)
    /// in this network's layout: count × 784, or count × rows × columns × 1.
    /// </summary>
    public Tensor<T> Inputs<T>(LabeledImages images) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var flat = Preprocessing.Images<T>(images);
        return Spatial ? flat.Reshape(images.Count, images.Rows, images.Columns, 1) : flat;
    }

    private static ILayer ConvRelu() =>
        Stax.Serial(Stax.Conv(256, new[] { 3, 3 }, null, Padding.Same, wStd: 1.5, bStd: 0.05), Stax.Relu());
}
