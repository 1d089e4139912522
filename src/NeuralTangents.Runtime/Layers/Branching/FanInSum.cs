using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

/// <summary>Adds branches. Kernel: the branches are independent, so nngp, ntk and the variances add.</summary>
internal sealed partial class FanInSum : LayerBase
{
    public override string Name => "FanInSum";

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.FanInSum(Name, input, forKernel);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x.Length;
        var sum = x[0];
        for (int i = 1; i < x.Length; i++) sum = TensorMath.Add(sum, x[i]);
        return new[] { sum };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) =>
        Enumerable.Repeat(cotangent[0], (int)residual!).ToArray();

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var ops = DeviceOps<T>.Instance;
        var sum = input[0];
        bool allGaussian = input.All(t => t.Signature.IsGaussian);
        for (int b = 1; b < input.Length; b++)
        {
            var branch = input[b];
            ops.Combine(engine, sum.Nngp, branch.Nngp, sum.Entries, 1, 1, 0);
            if (sum.Ntk is not null) ops.Combine(engine, sum.Ntk, branch.Ntk!, sum.Entries, 1, 1, 0);
            ops.Combine(engine, sum.Cov1, branch.Cov1, sum.Rows, 1, 1, 0);
            ops.Combine(engine, sum.Cov2, branch.Cov2, sum.Cols, 1, 1, 0);
            branch.Dispose();
        }
        sum.Signature = sum.Signature.WithGaussian(allGaussian);
        return new[] { sum };
    }
}
