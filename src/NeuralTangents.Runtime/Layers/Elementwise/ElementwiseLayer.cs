using NeuralTangents.Engine;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// A pointwise nonlinearity with a closed-form dual, generic over the activation struct so that one device
/// kernel (specialized by ILGPU per activation) serves every nonlinearity.
/// Kernel: K' = T(K; q1, q2), Θ' = Θ·Ṫ(K; q1, q2), q' = T_d(q); the input must be a Gaussian pre-activation.
/// </summary>
internal sealed partial class ElementwiseLayer<TAct> : LayerBase where TAct : struct, IDualActivation, IActivationFunction
{
    private readonly string _name;

    public ElementwiseLayer(string name, TAct activation)
    {
        _name = name;
        Activation = activation;
    }

    public TAct Activation { get; }

    public override string Name => _name;

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.Elementwise(Name, input, forKernel);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var input = x[0];
        var activation = Activation;
        var y = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) y.Data[i] = T.CreateTruncating(activation.Apply(double.CreateTruncating(input.Data[i])));
        residual = input;
        return new[] { y };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var input = (Tensor<T>)residual!;
        var activation = Activation;
        var derivative = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) derivative.Data[i] = T.CreateTruncating(activation.Derivative(double.CreateTruncating(input.Data[i])));
        return new[] { TensorMath.MultiplyRepeated(cotangent[0], derivative, context.Repeat) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        DeviceOps<T>.Instance.Elementwise(engine, tile, Activation);
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
    }
}
