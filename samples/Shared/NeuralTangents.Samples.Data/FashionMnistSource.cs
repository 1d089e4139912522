namespace NeuralTangents.Samples.Data;

/// <summary>Where <see cref="FashionMnist.Load"/> reads the images from.</summary>
public enum FashionMnistSource
{
    /// <summary>The system copy when all four files are present, else the embedded subset.</summary>
    Auto,

    /// <summary>The system copy (by default the Debian package <c>dataset-fashion-mnist</c>); an error when it is absent.</summary>
    System,

    /// <summary>The subset embedded in this assembly: the first 500 training and 500 test images.</summary>
    Embedded,
}
