using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>max(x, 0). Kernel: the arc-cosine kernel of order 1.</summary>
    public static ILayer Relu() => Made(new ElementwiseLayer<ABReluActivation>("Relu", new ABReluActivation(0, 1)), []);

    /// <summary>a·min(x, 0) + b·max(x, 0).</summary>
    public static ILayer ABRelu(double a, double b)
    {
        string name = LayerNames.WithArguments(nameof(ABRelu), a, b);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b)));
        return Made(new ElementwiseLayer<ABReluActivation>(name, new ABReluActivation(a, b)), [a, b]);
    }

    /// <summary>max(x, α·x) = ABRelu(α, 1).</summary>
    public static ILayer LeakyRelu(double alpha)
    {
        string name = LayerNames.WithArguments(nameof(LeakyRelu), alpha);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(alpha), alpha)));
        return Made(new ElementwiseLayer<ABReluActivation>(name, new ABReluActivation(alpha, 1)), [alpha]);
    }

    /// <summary>|x| = ABRelu(−1, 1).</summary>
    public static ILayer Abs() => Made(new ElementwiseLayer<ABReluActivation>("Abs", new ABReluActivation(-1, 1)), []);
}
