using NeuralTangents.Layers;
using NeuralTangents.Layers.Combinators;
using NeuralTangents.Rules;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// The activation sizes of a network for one item, from the shape rules alone: every leaf layer's outputs, so
/// that spatial activations between parameter-free layers (nonlinearities, pooling, normalization on
/// (H, W, C) maps) count as well as the affine layers' inputs.
/// </summary>
internal readonly record struct LayerActivations(long Total, long Widest)
{
    /// <summary>The sum and the largest of the per-item output sizes of every leaf layer of <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="itemShape">The input shape with a batch of one.</param>
    public static LayerActivations Of(LayerBase network, int[] itemShape)
    {
        long total = 0, widest = 0;
        Walk(network, new[] { new BranchSignature(itemShape, isGaussian: false) }, ref total, ref widest);
        return new LayerActivations(total, widest);
    }

    private static BranchSignature[] Walk(LayerBase layer, BranchSignature[] input, ref long total, ref long widest)
    {
        switch (layer)
        {
            case Serial serial:
                var current = input;
                foreach (var child in serial.Layers) current = Walk(child, current, ref total, ref widest);
                return current;
            case Layers.Combinators.Parallel parallel:
                var outputs = new List<BranchSignature>();
                for (int i = 0; i < parallel.Layers.Count; i++) outputs.AddRange(Walk(parallel.Layers[i], new[] { input[i] }, ref total, ref widest));
                return outputs.ToArray();
            default:
                var output = layer.Infer(input, forKernel: false);
                foreach (var branch in output)
                {
                    long size = branch.Shape.Aggregate(1L, (a, n) => a * Math.Max(n, 1));
                    total += size;
                    widest = Math.Max(widest, size);
                }
                return output;
        }
    }
}
