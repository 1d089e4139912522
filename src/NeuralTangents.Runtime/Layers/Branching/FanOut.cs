using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

/// <summary>Copies one branch into <see cref="Count"/> branches.</summary>
internal sealed partial class FanOut : LayerBase
{
    public FanOut(int count) => Count = count;

    public int Count { get; }

    public override string Name => LayerNames.FanOut(Count);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.FanOut(Name, input, Count);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = null;
        return Enumerable.Repeat(x[0], Count).ToArray();
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var sum = cotangent[0];
        for (int i = 1; i < cotangent.Length; i++) sum = TensorMath.Add(sum, cotangent[i]);
        return new[] { sum };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var output = new KernelTile<T>[Count];
        output[0] = input[0];
        for (int i = 1; i < Count; i++) output[i] = input[0].Clone(engine);
        return output;
    }

    internal override int OutputBranchCount(int inputBranches) => Count;
}
