using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

/// <summary>
/// Flattens every non-batch axis into one. On fully-connected activations it is the identity; as the first
/// layer it makes the input kernel the Gram matrix of the flattened inputs divided by the feature count.
/// After spatial layers the kernel is the mean over positions of the same-position covariance (Neural
/// Tangents divides by the number of positions so that a following Dense sees one feature's variance), so
/// the diagonal-spatial form is enough.
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
        var signature = Guard(tile.Signature);
        if (tile.Layout.Form != SpatialForm.None)
        {
            var dims = tile.Layout.Dims;
            tile = SpatialTiles.Apply(engine, tile, SpatialTiles.Whole(dims), SpatialLayout.None, independent: false, scale: 1.0 / tile.Layout.Size);
        }
        tile.Signature = signature;
        return new[] { tile };
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) => new[] { CovarianceDemand.OfFlatten };

    private BranchSignature Guard(BranchSignature signature) => Validation.Guard.Check(LayerRules.Flatten(Name, new[] { signature }))[0];
}
