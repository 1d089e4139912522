using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>a·erf(b·x) + c.</summary>
    public static ILayer Erf(double a = 1, double b = 1, double c = 0)
    {
        string name = LayerNames.WithArguments(nameof(Erf), a, b, c);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b), (nameof(c), c)));
        return Made(new ElementwiseLayer<ErfActivation>(name, new ErfActivation(a, b, c)), [a, b, c]);
    }

    /// <summary>A sigmoid-like function, Erf(0.5, 1/2.4020563531719796, 0.5), as in Neural Tangents.</summary>
    public static ILayer SigmoidLike() =>
        Made(new ElementwiseLayer<ErfActivation>("SigmoidLike", new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5)), []);
}
