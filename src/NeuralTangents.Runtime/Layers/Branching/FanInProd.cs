using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

/// <summary>
/// Multiplies branches elementwise. Kernel of independent branches: K' = Π K_b and, by the product rule,
/// Θ' = Σ_b Θ_b Π_{c≠b} K_c (accumulated pairwise left to right).
/// </summary>
internal sealed partial class FanInProd : LayerBase
{
    public override string Name => "FanInProd";

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.FanInProd(Name, input);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x;
        var product = x[0];
        for (int i = 1; i < x.Length; i++) product = TensorMath.Multiply(product, x[i]);
        return new[] { product };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var inputs = (Tensor<T>[])residual!;
        var result = new Tensor<T>[inputs.Length];
        for (int b = 0; b < inputs.Length; b++)
        {
            var others = cotangent[0];
            for (int c = 0; c < inputs.Length; c++)
                if (c != b) others = TensorMath.MultiplyRepeated(others, inputs[c], context.Repeat);
            result[b] = others;
        }
        return result;
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var product = input[0];
        for (int b = 1; b < input.Length; b++)
        {
            DeviceOps<T>.Instance.Product(engine, product, input[b]);
            input[b].Dispose();
        }
        product.Signature = product.Signature.WithGaussian(input.Length == 1 && product.Signature.IsGaussian);
        return new[] { product };
    }
}
