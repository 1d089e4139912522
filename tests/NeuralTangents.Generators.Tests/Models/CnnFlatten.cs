namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A small CNN on 6×6×3 images in the attribute form: two convolutions (SAME, then strided VALID), Flatten, and a
/// fully-connected tail that the generator fuses after the interpreted convolutional head.
/// </summary>
[Network(InputShape = new[] { 6, 6, 3 })]
[Conv(8, new[] { 3, 3 }, Padding = Padding.Same, WStd = 1.4, BStd = 0.1)]
[Relu]
[Conv(8, new[] { 3, 3 }, Strides = new[] { 2, 2 }, WStd = 1.3)]
[Erf]
[Flatten]
[Dense(16, WStd = 1.2, BStd = 0.05)]
[Relu]
[Dense(2)]
internal static partial class CnnFlatten
{
}
