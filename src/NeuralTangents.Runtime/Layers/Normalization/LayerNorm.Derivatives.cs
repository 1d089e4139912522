namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// LayerNorm's hyperparameter: ε (<c>epsilon</c>), the parameter of its kernel map (<see cref="NormalizeDual"/>), for a
/// layer made by <see cref="Stax"/>. Kernel derivatives cover LayerNorm over channels, which is on the pair-major plan.
/// </summary>
internal sealed partial class LayerNorm : ITangentLayer
{
    public IReadOnlyList<string> HyperparameterNames => Call is null ? [] : ["epsilon"];

    public (int Parameter, double Scale) Seed(string name) => name == "epsilon" && Call is not null
        ? (0, 1)
        : throw new ArgumentException($"{Name} has no hyperparameter {name}; it has {(Call is null ? "none" : "epsilon")}.", nameof(name));
}
