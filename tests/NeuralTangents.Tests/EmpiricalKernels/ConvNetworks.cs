namespace NeuralTangents.Tests.EmpiricalKernels;

/// <summary>Small convolutional networks for the empirical-kernel tests, with the feature shapes they take.</summary>
internal static class ConvNetworks
{
    /// <summary>5×5×2 images: Conv(SAME) → Relu → Conv(VALID, stride 2) → Flatten → Dense: outputs (N, 3).</summary>
    public static ILayer Flattened() => Stax.Serial(
        Stax.Conv(3, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1),
        Stax.Relu(),
        Stax.Conv(2, new[] { 2, 2 }, new[] { 2, 2 }, Padding.Valid, 1.1, 0.2),
        Stax.Flatten(),
        Stax.Dense(3, 0.9, 0.1));

    /// <summary>5×5×2 images: Conv → Erf → GlobalAvgPool → Dense: outputs (N, 2).</summary>
    public static ILayer GlobalPooled() => Stax.Serial(
        Stax.Conv(3, new[] { 2, 2 }, null, Padding.Valid, 1.3, 0.2),
        Stax.Erf(),
        Stax.GlobalAvgPool(),
        Stax.Dense(2, 1.0, 0.3));

    /// <summary>4×4×2 images: Conv(SAME, standard parameterization) → Gelu → Conv(VALID): outputs (N, 3, 3, 2), spatial axes kept.</summary>
    public static ILayer Spatial() => Stax.Serial(
        Stax.Conv(3, new[] { 3, 3 }, null, Padding.Same, 1.1, 0.2, Parameterization.Standard),
        Stax.Gelu(),
        Stax.Conv(2, new[] { 2, 2 }, null, Padding.Valid, 0.9, 0.1));

    /// <summary>
    /// 1-d signals of length 6 with 2 channels: Conv(CIRCULAR, no bias) → Relu → AvgPool(stride 1) → LayerNorm →
    /// SumPool → Conv(stride 2): outputs (N, 2, 2).
    /// </summary>
    public static ILayer Pooled1d() => Stax.Serial(
        Stax.Conv(3, new[] { 3 }, null, Padding.Circular, 1.2),
        Stax.Relu(),
        Stax.AvgPool(new[] { 2 }),
        Stax.LayerNorm(),
        Stax.Dense(3, 1.0, 0.2),
        Stax.SumPool(new[] { 2 }, null, Padding.Same),
        Stax.Conv(2, new[] { 2 }, new[] { 2 }, Padding.Valid, 1.0, 0.1));

    /// <summary>3×3×3 volumes with 1 channel: Conv → Sin → SumPool → Flatten → Dense: outputs (N, 2).</summary>
    public static ILayer Volumetric() => Stax.Serial(
        Stax.Conv(2, new[] { 2, 2, 2 }, null, Padding.Valid, 1.0, 0.1),
        Stax.Sin(),
        Stax.SumPool(new[] { 2, 2, 2 }),
        Stax.Flatten(),
        Stax.Dense(2, 1.0, 0.1));

    /// <summary>3×3×2 images: ConvTranspose(SAME, stride 2) → Erf → ConvTranspose(CIRCULAR) → Flatten → Dense: outputs (N, 2).</summary>
    public static ILayer Transposed() => Stax.Serial(
        Stax.ConvTranspose(3, new[] { 3, 2 }, new[] { 2, 2 }, Padding.Same, 1.2, 0.1),
        Stax.Erf(),
        Stax.ConvTranspose(2, new[] { 2, 3 }, null, Padding.Circular, 1.1, 0.2),
        Stax.Flatten(),
        Stax.Dense(2, 0.9, 0.1));

    /// <summary>
    /// 4×4×2 images: Conv → Relu → Index(rows 1…3, columns reversed) → ImageResize(LINEAR, 3×4 → 5×3) →
    /// DotGeneral(3×5 on rows) → Flatten → Dense: outputs (N, 2).
    /// </summary>
    public static ILayer Mapped() => Stax.Serial(
        Stax.Conv(3, new[] { 2, 2 }, null, Padding.Same, 1.2, 0.1),
        Stax.Relu(),
        Stax.Index(AxisIndex.All, AxisIndex.Slice(1), AxisIndex.Slice(null, null, -1)),
        Stax.ImageResize(new[] { -1, 5, 3, -1 }, ResizeMethod.Linear),
        Stax.DotGeneral(new double[,] { { 1, 0, -1, 0.5, 0 }, { 0, 2, 0, 0, 1 }, { 0.3, 0.3, 0.3, 0.3, 0.3 } }, 1),
        Stax.Flatten(),
        Stax.Dense(2, 0.9, 0.1));

    public static ILayer Get(string name) => name switch
    {
        "mapped" => Mapped(),
        "transposed" => Transposed(),
        "flattened" => Flattened(),
        "global" => GlobalPooled(),
        "spatial" => Spatial(),
        "pooled1d" => Pooled1d(),
        _ => Volumetric(),
    };

    public static int[] Features(string name) => name switch
    {
        "flattened" or "global" => new[] { 5, 5, 2 },
        "transposed" => new[] { 3, 3, 2 },
        "mapped" => new[] { 4, 4, 2 },
        "spatial" => new[] { 4, 4, 2 },
        "pooled1d" => new[] { 6, 2 },
        _ => new[] { 3, 3, 3, 1 },
    };
}
