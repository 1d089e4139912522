namespace NeuralTangents.Tests.Serialization;

/// <summary>
/// One network per kind of <see cref="Stax"/> layer (every factory overload that takes no delegate), with arguments
/// away from their defaults, and inputs its kernel accepts.
/// </summary>
public static class NetworkJsonCases
{
    private static readonly int[] Vectors = { 3, 4 }, Images = { 2, 4, 4, 2 }, Sequences = { 2, 4, 2 };

    private static ILayer Around(ILayer activation) =>
        Stax.Serial(Stax.Dense(3, wStd: 1.2, bStd: 0.1), activation, Stax.Dense(2, wStd: Math.PI / 3));

    private static ILayer OnImages(params ILayer[] middle) =>
        Stax.Serial([Stax.Conv(3, new[] { 2, 2 }, padding: Padding.Same, wStd: Math.Sqrt(1.5), bStd: 0.2), .. middle, Stax.Flatten(), Stax.Dense(1)]);

    public static IReadOnlyDictionary<string, (ILayer Network, int[] Input)> All { get; } = new Dictionary<string, (ILayer, int[])>
    {
        ["Dense"] = (Stax.Dense(5, wStd: Math.Sqrt(2), bStd: 1.0 / 3, parameterization: Parameterization.Standard, widthScaleIn: 2, widthScaleOut: 3), Vectors),
        ["serial of Relu"] = (Around(Stax.Relu()), Vectors),
        ["ABRelu"] = (Around(Stax.ABRelu(-0.3, 1.4)), Vectors),
        ["LeakyRelu"] = (Around(Stax.LeakyRelu(0.15)), Vectors),
        ["Abs"] = (Around(Stax.Abs()), Vectors),
        ["Erf"] = (Around(Stax.Erf(Math.E / 2, 0.7, 0.1)), Vectors),
        ["Sigmoid_like"] = (Around(Stax.SigmoidLike()), Vectors),
        ["Gelu"] = (Around(Stax.Gelu(approximate: true)), Vectors),
        ["Sin"] = (Around(Stax.Sin(1.1, 0.8, 0.3)), Vectors),
        ["Cos"] = (Around(Stax.Cos(0.9, 1.2, -0.4)), Vectors),
        ["Rbf"] = (Around(Stax.Rbf(0.35)), Vectors),
        ["Exp"] = (Around(Stax.Exp(0.8, 0.3)), Vectors),
        ["ExpNormalized"] = (Around(Stax.ExpNormalized(0.7, -0.9, doClip: true)), Vectors),
        ["Gaussian"] = (Around(Stax.Gaussian(1.2, -0.6)), Vectors),
        ["Gabor"] = (Around(Stax.Gabor()), Vectors),
        ["Sign"] = (Around(Stax.Sign()), Vectors),
        ["Monomial"] = (Around(Stax.Monomial(3)), Vectors),
        ["RectifiedMonomial"] = (Around(Stax.RectifiedMonomial(2)), Vectors),
        ["Polynomial"] = (Around(Stax.Polynomial(0.1, -0.5, 0.25, 0.125)), Vectors),
        ["Hermite"] = (Around(Stax.Hermite(3)), Vectors),
        ["LayerNorm"] = (Around(Stax.LayerNorm(1e-3)), Vectors),
        ["Dropout"] = (Around(Stax.Dropout(0.7, DropoutMode.Train)), Vectors),
        ["Identity"] = (Around(Stax.Identity()), Vectors),
        ["parallel and fan-in"] = (Stax.Serial(Stax.FanOut(3),
            Stax.Parallel(Stax.Dense(2, wStd: 1.1), Stax.Serial(Stax.Dense(2, bStd: 0.2), Stax.Relu(), Stax.Dense(2)), Stax.Identity()),
            Stax.FanInConcat(-1), Stax.FanOut(2), Stax.Parallel(Stax.Dense(2), Stax.Dense(2, wStd: 0.8)), Stax.FanInSum(),
            Stax.FanOut(2), Stax.Parallel(Stax.Erf(), Stax.Relu()), Stax.FanInProd()), Vectors),
        ["repeat"] = (Stax.Serial(Stax.Repeat(3, Stax.Serial(Stax.Dense(4, wStd: 1.3, bStd: 0.05), Stax.Relu())), Stax.Dense(1)), Vectors),
        ["Conv and Flatten"] = (Stax.Serial(Stax.Conv(3, new[] { 2, 3 }, new[] { 2, 1 }, Padding.Circular, 1.4, 0.1, Parameterization.Standard, 2, 2),
            Stax.Relu(), Stax.Flatten(), Stax.Dense(1)), Images),
        ["ConvTranspose"] = (OnImages(Stax.ConvTranspose(2, new[] { 3, 2 }, new[] { 2, 1 }, Padding.Valid, 1.2, 0.3)), Images),
        ["ConvLocal"] = (OnImages(Stax.ConvLocal(2, new[] { 2, 2 }, null, Padding.Same, 0.9, null, Parameterization.Ntk, 1, 1)), Images),
        ["AvgPool"] = (OnImages(Stax.AvgPool(new[] { 2, 2 }, new[] { 2, 1 }, Padding.Same)), Images),
        ["SumPool"] = (OnImages(Stax.SumPool(new[] { 3, 1 }, null, Padding.Valid)), Images),
        ["GlobalAvgPool"] = (Stax.Serial(Stax.Conv(3, new[] { 2, 2 }), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1)), Images),
        ["GlobalSumPool"] = (Stax.Serial(Stax.Conv(3, new[] { 2, 2 }), Stax.Erf(), Stax.GlobalSumPool(), Stax.Dense(1)), Images),
        ["Index"] = (OnImages(Stax.Index(AxisIndex.All, AxisIndex.Slice(null, 4, 2), AxisIndex.At(1), AxisIndex.All)), Images),
        ["ImageResize"] = (OnImages(Stax.ImageResize(new[] { -1, 6, 3, -1 }, ResizeMethod.Nearest, antialias: false)), Images),
        ["DotGeneral matrix"] = (OnImages(Stax.DotGeneral(new double[,] { { 1, 0.5, 0, -1 }, { 0.25, 0.25, 0.25, 0.25 }, { 0, 1, 0, 0 } }, 1)), Images),
        ["DotGeneral vector"] = (OnImages(Stax.DotGeneral(new[] { 0.5, -1.0 / 7, 1, 2 }, 2)), Images),
        ["LayerNorm axes"] = (OnImages(Stax.LayerNorm(new[] { 1, -1 }, 1e-6)), Images),
        ["Aggregate"] = (Stax.Serial(Stax.Conv(3, new[] { 2 }, padding: Padding.Same), Stax.Aggregate(new[] { 1 }), Stax.Relu(), Stax.GlobalSumPool(), Stax.Dense(1)), Sequences),
        ["GlobalSelfAttention"] = (Stax.Serial(Stax.Conv(4, new[] { 1 }, wStd: 1.2),
            Stax.GlobalSelfAttention(3, 2, 2, 2, linearScaling: true, wKeyStd: 1.1, wValueStd: 0.9, wQueryStd: 1.2, wOutStd: 1.3, bStd: 0.1,
                attentionMechanism: AttentionMechanism.Softmax, posEmbType: PositionalEmbedding.Concat, posEmbPNorm: 1.5, nChanPosEmb: 3, wPosEmbStd: Math.Sqrt(0.7),
                valPosEmb: true),
            Stax.GlobalAvgPool(), Stax.Dense(1)), Sequences),
    };

    public static TheoryData<string> Names => new(All.Keys);
}
