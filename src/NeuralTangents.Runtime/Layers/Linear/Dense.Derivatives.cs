namespace NeuralTangents.Layers.Linear;

/// <summary>Dense's hyperparameters: σw (<c>wStd</c>) and, with a bias, σb (<c>bStd</c>); the affine op's parameters are σw² and σb².</summary>
internal sealed partial class Dense : ITangentLayer
{
    public IReadOnlyList<string> HyperparameterNames => BStd is null ? ["wStd"] : ["wStd", "bStd"];

    public (int Parameter, double Scale) Seed(string name) => name switch
    {
        "wStd" => (0, 2 * WStd),
        "bStd" when BStd is double b => (1, 2 * b),
        _ => throw new ArgumentException($"{Name} has no hyperparameter {name}; it has {string.Join(", ", HyperparameterNames)}.", nameof(name)),
    };
}
