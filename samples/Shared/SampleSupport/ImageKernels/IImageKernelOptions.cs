using NeuralTangents.Samples.Data;

namespace NeuralTangents.Samples;

/// <summary>What every image-kernel sample's command line says: how many images, from where, in which precision.</summary>
public interface IImageKernelOptions
{
    /// <summary>Training images to load (the kernel is Count × Count).</summary>
    int Count { get; }

    /// <summary>Whether to compute in double precision rather than float32.</summary>
    bool Float64 { get; }

    /// <summary>Where the images come from.</summary>
    FashionMnistSource Source { get; }

    /// <summary>Whether the usage text was asked for.</summary>
    bool Help { get; }
}
