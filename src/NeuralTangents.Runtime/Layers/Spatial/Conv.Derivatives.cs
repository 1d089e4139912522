namespace NeuralTangents.Layers.Spatial;

/// <summary>Conv's hyperparameters: σw (<c>wStd</c>) and, with a bias, σb (<c>bStd</c>); the affine op after the box filter has σw² and σb².</summary>
internal sealed partial class Conv : ITangentLayer
{
    public IReadOnlyList<string> HyperparameterNames => BStd is null ? ["wStd"] : ["wStd", "bStd"];

    public (int Parameter, double Scale) Seed(string name) => name switch
    {
        "wStd" => (0, 2 * WStd),
        "bStd" when BStd is double b => (1, 2 * b),
        _ => throw new ArgumentException($"{Name} has no hyperparameter {name}; it has {string.Join(", ", HyperparameterNames)}.", nameof(name)),
    };
}
