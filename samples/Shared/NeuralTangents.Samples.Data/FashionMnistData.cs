namespace NeuralTangents.Samples.Data;

/// <summary>The training and test images loaded by <see cref="FashionMnist.Load"/>, and where they came from.</summary>
/// <param name="Train">The first requested training images.</param>
/// <param name="Test">The first requested test images.</param>
/// <param name="Source">The source actually used (never <see cref="FashionMnistSource.Auto"/>).</param>
/// <param name="SourceDescription">A sentence for the user naming the source, e.g. the directory read.</param>
public sealed record FashionMnistData(LabeledImages Train, LabeledImages Test, FashionMnistSource Source, string SourceDescription);
