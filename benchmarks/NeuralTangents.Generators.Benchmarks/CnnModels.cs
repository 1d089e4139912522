namespace NeuralTangents.Generators.Benchmarks;

/// <summary>The CNN of issue 12 with a Flatten readout (diagonal-spatial covariance), compiled by the source generator.</summary>
[Network(InputShape = new[] { 28, 28, 1 })]
internal static partial class CnnFlatten
{
    private static ILayer Architecture => Stax.Serial(ConvRelu(), ConvRelu(), ConvRelu(), Stax.Flatten(), Stax.Dense(10, 1.5, 0.05));

    /// <summary>Conv(256, 3×3, SAME, 1.5, 0.05) and Relu.</summary>
    [Block]
    private static ILayer ConvRelu() => Stax.Serial(Stax.Conv(256, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05), Stax.Relu());
}

/// <summary>The CNN of issue 12 with a GlobalAvgPool readout (full pixel-pair covariance), compiled by the source generator.</summary>
[Network(InputShape = new[] { 28, 28, 1 })]
internal static partial class CnnGlobalAvgPool
{
    private static ILayer Architecture => Stax.Serial(ConvRelu(), ConvRelu(), ConvRelu(), Stax.GlobalAvgPool(), Stax.Dense(10, 1.5, 0.05));

    /// <summary>Conv(256, 3×3, SAME, 1.5, 0.05) and Relu.</summary>
    [Block]
    private static ILayer ConvRelu() => Stax.Serial(Stax.Conv(256, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05), Stax.Relu());
}
