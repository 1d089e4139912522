using NeuralTangents;

namespace HyperparameterFitSample;

/// <summary>The README's fully connected network and the values the sample fits on it.</summary>
internal static class FitNetwork
{
    /// <summary>The architecture in one line.</summary>
    public const string Description = "Dense(512, 1.5, 0.05) → Relu → Dense(512, 1.5, 0.05) → Relu → Dense(10, 1.5, 0.05) on flattened images";

    /// <summary>Dense(512) → Relu → Dense(512) → Relu → Dense(10), every Dense with W_std 1.5 and b_std 0.05 (README.md).</summary>
    public static ILayer Create() => Stax.Serial(
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(10, wStd: 1.5, bStd: 0.05));

    /// <summary>W_std and b_std, each tied across the three Dense layers (both positive: fitted as logarithms).</summary>
    public static IReadOnlyList<NetworkHyperparameter> Fitted(ILayer network) =>
        [NetworkHyperparameter.Tied(network, "wStd"), NetworkHyperparameter.Tied(network, "bStd")];
}
