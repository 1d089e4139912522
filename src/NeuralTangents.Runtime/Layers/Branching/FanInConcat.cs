using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

/// <summary>
/// Concatenates branches along an axis. Along the channel axis the kernel is the channel-weighted average
/// of the branches' kernels (each output channel comes from one branch); other axes need spatial layouts.
/// </summary>
internal sealed partial class FanInConcat : LayerBase
{
    public FanInConcat(int axis) => Axis = axis;

    public int Axis { get; }

    public override string Name => LayerNames.FanInConcat(Axis);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel)
    {
        var result = LayerRules.FanInConcat(Name, input, Axis, forKernel);
        if (!result.IsValid || input.Length == 0) return result;
        int rank = input[0].Shape.Length;
        return LayerRules.FanInConcatSupported(Name, Axis, rank) ?? result;
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x.Select(t => t.Dim(-1)).ToArray();
        return new[] { TensorMath.ConcatLastAxis(x) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) =>
        TensorMath.SplitLastAxis(cotangent[0], (int[])residual!);

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var ops = DeviceOps<T>.Instance;
        var result = input[0];
        double total = input.Sum(t => (double)t.Signature.Channels);
        double weight0 = result.Signature.Channels / total;
        ops.Affine(engine, result.Nngp, result.Entries, weight0, 0);
        if (result.Ntk is not null) ops.Affine(engine, result.Ntk, result.Entries, weight0, 0);
        ops.Affine(engine, result.Cov1, result.Rows, weight0, 0);
        ops.Affine(engine, result.Cov2, result.Cols, weight0, 0);
        for (int b = 1; b < input.Length; b++)
        {
            var branch = input[b];
            double weight = branch.Signature.Channels / total;
            ops.Combine(engine, result.Nngp, branch.Nngp, result.Entries, weight, 1, 0);
            if (result.Ntk is not null) ops.Combine(engine, result.Ntk, branch.Ntk!, result.Entries, weight, 1, 0);
            ops.Combine(engine, result.Cov1, branch.Cov1, result.Rows, weight, 1, 0);
            ops.Combine(engine, result.Cov2, branch.Cov2, result.Cols, weight, 1, 0);
            branch.Dispose();
        }
        var shape = result.Signature.Shape;
        shape[^1] = (int)total;
        result.Signature = new BranchSignature(shape, input.Length == 1 && result.Signature.IsGaussian);
        return new[] { result };
    }
}
