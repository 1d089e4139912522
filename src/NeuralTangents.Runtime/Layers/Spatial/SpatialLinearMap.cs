using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// A constant linear map over spatial axes, one matrix per mapped axis applied to every channel (Index,
/// ImageResize, DotGeneral). Linear and parameter-free, so the kernel applies the same maps to both members of
/// every pair, K' = M K Mᵀ per axis, on nngp, ntk and the variances alike, and a Gaussian input stays Gaussian.
/// Maps that mix positions need the full covariance; selections (each output reads one input) keep the diagonal.
/// </summary>
internal abstract partial class SpatialLinearMap : LayerBase
{
    /// <summary>Whether the maps mix positions, so that the layer needs the full covariance of its input (from the shared rules).</summary>
    internal abstract bool NeedsFullCovariance { get; }

    /// <summary>The maps for an input of <paramref name="inputShape"/> (batch, spatial…, channels), applied in order.</summary>
    internal abstract IReadOnlyList<AxisMatrix> MapsFor(int[] inputShape);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x[0].Shape;
        return new[] { Map(x[0]) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var shape = (int[])((int[])residual!).Clone();
        shape[0] = cotangent[0].Dim(0);
        var maps = MapsFor(shape);
        // The cotangent with removed axes restored (size 1), then every map transposed, last first.
        var mapped = (int[])shape.Clone();
        foreach (var map in maps) mapped[map.Axis + 1] = map.Out;
        var g = cotangent[0].Reshape(mapped);
        for (int m = maps.Count - 1; m >= 0; m--) g = AlongAxis(g, maps[m], transpose: true);
        return new[] { g };
    }

    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) =>
        new[] { x[0].MapLinear(Map) };

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        tile = SpatialAxisMaps.Apply(engine, tile, MapsFor(tile.Signature.Shape));
        tile.Signature = output;
        return new[] { tile };
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output)
    {
        return NeedsFullCovariance ? new[] { SpatialForm.Full } : CovarianceDemand.PassOn(input.Length, output);
    }

    private Tensor<T> Map<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var maps = MapsFor(x.Shape);
        foreach (var map in maps) x = AlongAxis(x, map, transpose: false);
        var kept = x.Shape.Where((_, a) => !maps.Any(m => m.Removes && m.Axis + 1 == a)).ToArray();
        return x.Reshape(kept);
    }

    /// <summary>y[…o…] = Σ_i M[o, i]·x[…i…] along the map's axis (Mᵀ with <paramref name="transpose"/>).</summary>
    private static Tensor<T> AlongAxis<T>(Tensor<T> x, AxisMatrix map, bool transpose) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int axis = map.Axis + 1;
        int outSize = transpose ? map.In : map.Out, inSize = transpose ? map.Out : map.In;
        int pre = 1, post = 1;
        for (int a = 0; a < axis; a++) pre *= x.Shape[a];
        for (int a = axis + 1; a < x.Rank; a++) post *= x.Shape[a];
        var shape = (int[])x.Shape.Clone();
        shape[axis] = outSize;
        var y = Tensor<T>.Zeros(shape);
        for (int p = 0; p < pre; p++)
            for (int o = 0; o < outSize; o++)
            {
                var to = y.Data.AsSpan((p * outSize + o) * post, post);
                for (int i = 0; i < inSize; i++)
                {
                    double w = transpose ? map.Weights[i * map.In + o] : map.Weights[o * map.In + i];
                    if (w == 0) continue;
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(x.Data.AsSpan((p * inSize + i) * post, post), T.CreateTruncating(w), to, to);
                }
            }
        return y;
    }
}
