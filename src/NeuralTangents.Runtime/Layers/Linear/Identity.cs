using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

/// <summary>The identity layer: passes every branch through unchanged (kernel included).</summary>
internal sealed partial class Identity : LayerBase
{
    public override string Name => "Identity";

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => RuleResult.Valid(input);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = null;
        return x;
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) => cotangent;

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine) => input;

    internal override int OutputBranchCount(int inputBranches) => inputBranches;
}
