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
            if (AffineGeometry.Of(a.Input, a.Cotangent).Positions > 1)
            {
                AccumulatePositions(a, b, outputs, target);
                continue;
            }
            int n1 = a.Input.Dim(0), n2 = b.Input.Dim(0);
            int nIn = a.Input.Dim(-1);
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

    /// <summary>
    /// An affine layer applied at P positions with shared weights (Dense on spatial activations, Conv on patches):
    /// Θ[i, j] += (1/K)·Σ_{p,p'} (s_w²·⟨x1ᵢ(p), x2ⱼ(p')⟩ + s_b²)·Σ_k ⟨δ1ᵢₖ(p), δ2ⱼₖ(p')⟩.
    /// </summary>
    private static void AccumulatePositions(
        (LayerBase Layer, Tensor<T> Input, Tensor<T> Cotangent, double WeightScale, double? BiasScale) a,
        (LayerBase Layer, Tensor<T> Input, Tensor<T> Cotangent, double WeightScale, double? BiasScale) b, int outputs, double[] target)
    {
        var ga = AffineGeometry.Of(a.Input, a.Cotangent);
        var gb = AffineGeometry.Of(b.Input, b.Cotangent);
        int p = ga.Positions, n1 = ga.Items, n2 = gb.Items, nIn = ga.InChannels;
        int rows1 = n1 * p, rows2 = n2 * p;
        var inputs = new T[(long)rows1 * rows2];
        LinearAlgebra.Blas.Gemm(false, true, rows1, rows2, nIn, T.One, a.Input.Data, nIn, b.Input.Data, nIn, T.Zero, inputs, rows2);
        var d1 = PositionMajor(a.Cotangent, ga);
        var d2 = PositionMajor(b.Cotangent, gb);
        int width = ga.Repeat * ga.OutChannels;
        var cotangents = new T[(long)rows1 * rows2];
        LinearAlgebra.Blas.Gemm(false, true, rows1, rows2, width, T.One, d1, width, d2, width, T.Zero, cotangents, rows2);
        double w2 = a.WeightScale * a.WeightScale;
        double b2 = a.BiasScale is double s ? s * s : 0;
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                double sum = 0;
                for (int u = 0; u < p; u++)
                {
                    long row = (long)(i * p + u) * rows2 + j * p;
                    for (int v = 0; v < p; v++)
                    {
                        double dd = double.CreateTruncating(cotangents[row + v]);
                        sum += (w2 * double.CreateTruncating(inputs[row + v]) + b2) * dd;
                    }
                }
                target[i * n2 + j] += sum / outputs;
            }
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
