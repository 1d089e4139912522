using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.EmpiricalKernels;

/// <summary>Small networks covering every layer kind, with inputs, for the empirical-kernel and linearization tests.</summary>
internal static class TestNetworks
{
    /// <summary>A fully-connected network with biases and a smooth nonlinearity: outputs (N, 3).</summary>
    public static ILayer Fcn() => Stax.Serial(Stax.Dense(5, 1.2, 0.1), Stax.Erf(), Stax.Dense(3, 0.9, 0.2));

    /// <summary>Dense layers along the channel axis of (N, 2, 4) inputs (two positions share the weights): outputs (N, 2, 3).</summary>
    public static ILayer Positional() => Stax.Serial(Stax.Dense(6, 1.1, 0.3), Stax.Gelu(), Stax.Dense(3, 1.0, 0.1));

    /// <summary>
    /// Branches of every kind (FanOut, Parallel, FanInProd, FanInConcat, FanInSum), standard parameterization,
    /// a layer without bias, Identity and Flatten: outputs (N, 2).
    /// </summary>
    public static ILayer Branching() => Stax.Serial(
        Stax.Flatten(),
        Stax.Dense(4, 1.0, 0.1),
        Stax.FanOut(3),
        Stax.Parallel(
            Stax.Serial(Stax.Dense(3, 1.1, 0.2, Parameterization.Standard), Stax.Relu()),
            Stax.Dense(3, 0.8),
            Stax.Serial(Stax.Dense(3, 1.0, 0.3), Stax.Sin())),
        Stax.FanInProd(),
        Stax.FanOut(2),
        Stax.Parallel(Stax.Dense(2, 1.0, 0.2), Stax.Serial(Stax.Identity(), Stax.Gaussian())),
        Stax.FanInConcat(),
        Stax.FanOut(2),
        Stax.Parallel(Stax.Dense(2, 1.0, 0.05), Stax.Dense(2, 1.3)),
        Stax.FanInSum());

    /// <summary>Inputs of shape (rows, features…) with standard normal entries.</summary>
    public static Tensor<double> Input(int rows, int[] features, ulong seed)
    {
        int size = features.Aggregate(1, (a, b) => a * b);
        var flat = TestInputs.Normal<double>(rows, size, seed);
        return flat.Reshape(new[] { rows }.Concat(features).ToArray());
    }

    /// <summary>The feature shapes each network takes.</summary>
    public static int[] Features(string name) => name switch
    {
        "fcn" => new[] { 4 },
        "positional" => new[] { 2, 4 },
        _ => new[] { 2, 3 },
    };

    public static ILayer Get(string name) => name switch
    {
        "fcn" => Fcn(),
        "positional" => Positional(),
        _ => Branching(),
    };
}
