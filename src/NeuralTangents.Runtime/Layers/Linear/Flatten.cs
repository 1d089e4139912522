using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

/// <summary>
/// Flattens every non-batch axis into one. On fully-connected activations it is the identity; as the first
/// layer it makes the input kernel the Gram matrix of the flattened inputs divided by the feature count.
/// (Flatten after spatial layers, which averages the spatial diagonal, comes with the spatial layouts.)
/// </summary>
internal sealed partial class Flatten : LayerBase
{
    public override string Name => "Flatten";

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.Flatten(Name, input);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x[0].Shape;
        return new[] { x[0].Reshape(x[0].Dim(0), x[0].RowLength) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var shape = (int[])((int[])residual!).Clone();
        shape[0] = cotangent[0].Dim(0);
        return new[] { cotangent[0].Reshape(shape) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        if (tile.Signature.Shape.Length != 2)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.UnsupportedLayout, "network",
                $"{Name} after a layer with spatial axes (shape {tile.Signature.ShapeText}) needs the spatial covariance layouts, which this version does not compute; flatten the input before the first layer instead."));
        tile.Signature = Guard(tile.Signature);
        return input;
    }

    private BranchSignature Guard(BranchSignature signature) => Validation.Guard.Check(LayerRules.Flatten(Name, new[] { signature }))[0];
}
