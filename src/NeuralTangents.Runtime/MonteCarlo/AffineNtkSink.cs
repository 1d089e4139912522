using System.Numerics;
using NeuralTangents.EmpiricalKernels;
using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.Sampling;

/// <summary>
/// Records, for one input batch, every affine layer's input x and output cotangents δ during a backward pass
/// that pulls back all K output channels at once. Two such records (for x1 and x2) give the empirical NTK
/// traced over the output channels without forming the Jacobian:
/// Θ[i, j] = (1/K)·Σ_layers [ s_w²·⟨x1ᵢ, x2ⱼ⟩·⟨δ1ᵢ, δ2ⱼ⟩ + s_b²·⟨δ1ᵢ, δ2ⱼ⟩ ],
/// where δᵢ stacks the K cotangent rows of item i. The per-layer factorization is the structured empirical NTK's
/// (<see cref="StructuredDerivatives"/>), traced over the K channels inside the cotangent Gram.
/// </summary>
internal sealed class AffineNtkSink<T> : IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<AffineRecord<T>> _records = new();

    public void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale)
    {
        _records.Add(new AffineRecord<T>(input, cotangent, weightScale, biasScale));
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
            if (a.Geometry.Positions > 1)
            {
                AccumulatePositions(a, b, outputs, target);
                continue;
            }
            int n1 = a.Input.Dim(0), n2 = b.Input.Dim(0);
            int cotangentWidth = a.Cotangent.Length / n1; // K · n_out
            var inputs = StructuredDerivatives.InputGram(a, b);
            var cotangents = new T[n1 * n2];
            LinearAlgebra.Blas.Gemm(false, true, n1, n2, cotangentWidth, T.One, a.Cotangent.Data, cotangentWidth, b.Cotangent.Data, cotangentWidth, T.Zero, cotangents, n2);
            double w2 = a.WeightVariance;
            double b2 = a.BiasVariance;
            for (int e = 0; e < target.Length; e++)
            {
                double dd = double.CreateTruncating(cotangents[e]);
                target[e] += (w2 * double.CreateTruncating(inputs[e]) * dd + b2 * dd) / outputs;
            }
        }
    }

    /// <summary>
    /// An affine layer applied at P positions with shared weights (Dense on spatial activations, Conv on patches):
    /// Θ[i, j] += (1/K)·Σ_{p,p'} (s_w²·⟨x1ᵢ(p), x2ⱼ(p')⟩ + s_b²)·Σ_k ⟨δ1ᵢₖ(p), δ2ⱼₖ(p')⟩.
    /// </summary>
    private static void AccumulatePositions(AffineRecord<T> a, AffineRecord<T> b, int outputs, double[] target)
    {
        var ga = a.Geometry;
        var gb = b.Geometry;
        int p = ga.Positions, n1 = ga.Items, n2 = gb.Items;
        int rows1 = n1 * p, rows2 = n2 * p;
        var inputs = StructuredDerivatives.InputGram(a, b);
        var d1 = PositionMajor(a.Cotangent, ga);
        var d2 = PositionMajor(b.Cotangent, gb);
        int width = ga.Repeat * ga.OutChannels;
        var cotangents = new T[(long)rows1 * rows2];
        LinearAlgebra.Blas.Gemm(false, true, rows1, rows2, width, T.One, d1, width, d2, width, T.Zero, cotangents, rows2);
        double w2 = a.WeightVariance;
        double b2 = a.BiasVariance;
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                target[i * n2 + j] += StructuredDerivatives.PositionPairSum(inputs, rows2, i, j, cotangents, rows2, i, j, p, w2, b2) / outputs;
    }

    /// <summary>The cotangent (items·K, P, n_out) reordered to rows (item, position) × columns (k, channel).</summary>
    private static T[] PositionMajor(Tensor<T> cotangent, AffineGeometry g)
    {
        int k = g.Repeat, p = g.Positions, c = g.OutChannels;
        var result = new T[(long)g.Items * p * k * c];
        for (int i = 0; i < g.Items; i++)
            for (int r = 0; r < k; r++)
                for (int u = 0; u < p; u++)
                    cotangent.Data.AsSpan(((i * k + r) * p + u) * c, c).CopyTo(result.AsSpan(((i * p + u) * k + r) * c, c));
        return result;
    }
}
