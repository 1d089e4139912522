using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Rules;
using NeuralTangents.Layers;

namespace NeuralTangents.Sampling;

/// <summary>
/// Records, for one input batch, every affine layer's input x and output cotangents δ during a backward pass
/// that pulls back all K output channels at once. Two such records (for x1 and x2) give the empirical NTK
/// traced over the output channels without forming the Jacobian:
/// Θ[i, j] = (1/K)·Σ_layers [ s_w²·⟨x1ᵢ, x2ⱼ⟩·⟨δ1ᵢ, δ2ⱼ⟩ + s_b²·⟨δ1ᵢ, δ2ⱼ⟩ ],
/// where δᵢ stacks the K cotangent rows of item i.
/// </summary>
internal sealed class AffineNtkSink<T> : IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(LayerBase Layer, Tensor<T> Input, Tensor<T> Cotangent, double WeightScale, double? BiasScale)> _records = new();

    public void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale)
    {
        if (input.Rank != 2)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.UnsupportedLayout, "network",
                $"The Monte Carlo NTK of {layer.Name} on inputs with spatial axes (shape {input.ShapeText}) needs per-position gradients, which this version does not compute; flatten before the layer."));
        _records.Add((layer, input, cotangent, weightScale, biasScale));
    }

    /// <summary>Adds this sample's traced empirical NTK of (this, other) into <paramref name="target"/> (N1×N2, row-major).</summary>
    public void AccumulateNtk(AffineNtkSink<T> other, int outputs, double[] target)
    {
        if (other._records.Count != _records.Count)
            throw new InvalidOperationException("The two backward passes visited different numbers of affine layers.");
        for (int l = 0; l < _records.Count; l++)
        {
            var a = _records[l];
            var b = other._records[l];
            int n1 = a.Input.Dim(0), n2 = b.Input.Dim(0);
            int nIn = a.Input.Dim(1);
            int cotangentWidth = a.Cotangent.Length / n1; // K · n_out
            var inputs = new T[n1 * n2];
            var cotangents = new T[n1 * n2];
            LinearAlgebra.Blas.Gemm(false, true, n1, n2, nIn, T.One, a.Input.Data, nIn, b.Input.Data, nIn, T.Zero, inputs, n2);
            LinearAlgebra.Blas.Gemm(false, true, n1, n2, cotangentWidth, T.One, a.Cotangent.Data, cotangentWidth, b.Cotangent.Data, cotangentWidth, T.Zero, cotangents, n2);
            double w2 = a.WeightScale * a.WeightScale;
            double b2 = a.BiasScale is double s ? s * s : 0;
            for (int e = 0; e < target.Length; e++)
            {
                double dd = double.CreateTruncating(cotangents[e]);
                target[e] += (w2 * double.CreateTruncating(inputs[e]) * dd + b2 * dd) / outputs;
            }
        }
    }
}
