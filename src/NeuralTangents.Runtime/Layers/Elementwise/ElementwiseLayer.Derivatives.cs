using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Serialization;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// A nonlinearity's hyperparameters: the scalar arguments of the <see cref="Stax"/> call that made it (elements of an
/// array argument as <c>name[i]</c>) that are parameters of its dual (<see cref="IDualDerivatives.ParameterName"/>).
/// The factory arguments are the dual's parameters by name, except LeakyRelu's alpha (the dual's a, with b = 1).
/// Fixed-shape calls (Relu, Abs, SigmoidLike, Gelu…) and layers made inside the runtime have none.
/// </summary>
internal sealed partial class ElementwiseLayer<TAct> : ITangentLayer
{
    private static readonly Dictionary<(string Method, string Argument), string> Aliases = new() { [("LeakyRelu", "alpha")] = "a" };

    public IReadOnlyList<string> HyperparameterNames => Arguments().Select(a => a.Name).ToArray();

    public (int Parameter, double Scale) Seed(string name)
    {
        foreach (var (argument, parameter) in Arguments())
            if (argument == name) return (parameter, 1);
        throw new ArgumentException($"{Name} has no hyperparameter {name}; it has {(HyperparameterNames is { Count: > 0 } names ? string.Join(", ", names) : "none")}.", nameof(name));
    }

    /// <summary>The call's scalar arguments that name a parameter of the dual, with that parameter's number.</summary>
    private IEnumerable<(string Name, int Parameter)> Arguments()
    {
        if (Call is not { } call || Activation is not IDualDerivatives derivatives) yield break;
        var parameters = StaxFactories.Resolve(call).GetParameters();
        var dual = Enumerable.Range(0, derivatives.ParameterCount).ToDictionary(derivatives.ParameterName);
        for (int i = 0; i < parameters.Length; i++)
        {
            string name = parameters[i].Name!;
            switch (call.Arguments[i])
            {
                case double:
                    string own = Aliases.TryGetValue((call.Method, name), out var alias) ? alias : name;
                    if (dual.TryGetValue(own, out int parameter)) yield return (name, parameter);
                    break;
                case double[] values:
                    for (int k = 0; k < values.Length; k++)
                        if (dual.TryGetValue($"{name}[{k}]", out int element)) yield return ($"{name}[{k}]", element);
                    break;
            }
        }
    }
}
