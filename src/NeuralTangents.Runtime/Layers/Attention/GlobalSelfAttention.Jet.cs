using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Attention;

/// <summary>
/// Forward mode: every projection is bilinear in (input, weight), so with θ(t) = θ + t·δθ its coefficient k is
/// x_k·W + x_{k−1}·δW; the embeddings are E_0 = W_pe·L·P and E_1 = W_pe·L·δP; logits and heads are products of
/// series (Cauchy products per item and head); the mechanism's coefficients come from
/// <see cref="AttentionWeights.Taylor{T}"/>; y_k = s_o·(H_k·W_out + H_{k−1}·δW_out) (+ b_std·δb at k = 1).
/// </summary>
internal sealed partial class GlobalSelfAttention
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        int degree = input.Degree;
        var coefficients = new Tensor<T>?[degree + 1];
        coefficients[0] = Forward(parameters, new[] { input.Primal }, out var residual)[0];
        var r = (Residual<T>)residual!;
        var g = r.Geometry;
        var p = PartsOf(parameters, g);
        var d = direction is null ? null : PartsOf(direction, g);

        // Coefficients of the embeddings, the keys' and values' inputs.
        var embedding = new Tensor<T>?[degree + 1];
        if (d?.Embedding is { } dP && degree >= 1) embedding[1] = Embedding(r.EmbeddingFactor!, dP, g);
        var keysInput = new Tensor<T>?[degree + 1];
        var valuesInput = new Tensor<T>?[degree + 1];
        keysInput[0] = r.KeysInput;
        valuesInput[0] = r.ValuesInput;
        for (int k = 1; k <= degree; k++)
        {
            var flat = input.Coefficients[k]?.Reshape(g.Items, g.Positions, g.Channels);
            keysInput[k] = KeysInputSeries(flat, embedding[k], g);
            valuesInput[k] = ValuesEmbedded ? keysInput[k] : flat;
        }

        var keys = Projection(keysInput, p.Key, d?.Key, r.Keys);
        var queries = Tied ? keys : Projection(keysInput, p.Query!, d?.Query, r.Queries);
        var values = Projection(valuesInput, p.Value, d?.Value, r.Values);
        if (degree == 0) return new[] { new Jet<T>(coefficients) };

        int s = g.Positions, heads = Settings.Heads, dk = Settings.KeyChannels, dv = Settings.ValueChannels;
        var scale = T.CreateTruncating(LogitScale(g));
        var logits = new T[]?[degree + 1];
        logits[0] = r.Logits;
        for (int k = 1; k <= degree; k++)
            for (int j = 0; j <= k; j++)
            {
                if (queries[j] is not { } q || keys[k - j] is not { } key) continue;
                logits[k] ??= new T[r.Logits.Length];
                for (int n = 0; n < g.Items; n++)
                    for (int h = 0; h < heads; h++)
                        Blas.Gemm(false, true, s, s, dk, scale, q.Data.AsSpan(n * s * KeyWidth + h * dk), KeyWidth,
                            key.Data.AsSpan(n * s * KeyWidth + h * dk), KeyWidth, T.One, logits[k].AsSpan((n * heads + h) * s * s, s * s), s);
            }
        var weights = AttentionWeights.Taylor<T>(Settings.Mechanism, logits, r.Weights, s);

        var headSeries = new Tensor<T>?[degree + 1];
        headSeries[0] = r.Heads;
        for (int k = 1; k <= degree; k++)
            for (int j = 0; j <= k; j++)
            {
                if (weights[j] is not { } a || values[k - j] is not { } v) continue;
                headSeries[k] ??= Tensor<T>.Zeros(g.Items, s, ValueWidth);
                for (int n = 0; n < g.Items; n++)
                    for (int h = 0; h < heads; h++)
                        Blas.Gemm(false, false, s, dv, s, T.One, a.AsSpan((n * heads + h) * s * s, s * s), s,
                            v.Data.AsSpan(n * s * ValueWidth + h * dv), ValueWidth, T.One, headSeries[k]!.Data.AsSpan(n * s * ValueWidth + h * dv), ValueWidth);
            }

        var outShape = coefficients[0]!.Shape;
        double outScale = OutScale(g);
        for (int k = 1; k <= degree; k++)
        {
            Tensor<T>? y = null;
            if (headSeries[k] is { } hk) y = TensorMath.MatMulLastAxis(hk, p.Out, outScale);
            if (d is not null && headSeries[k - 1] is { } previous) y = JetMath.Accumulate(y, TensorMath.MatMulLastAxis(previous, d.Out, outScale));
            if (k == 1 && d?.Bias is { } db && Settings.BStd is double b)
            {
                y ??= Tensor<T>.Zeros(g.Items, s, Settings.OutChannels);
                TensorMath.AddBias(y, db, b);
            }
            coefficients[k] = y?.Reshape(outShape);
        }
        return new[] { new Jet<T>(coefficients) };
    }

    /// <summary>Coefficient k of x̃ from those of x and E (either may be zero = null).</summary>
    private Tensor<T>? KeysInputSeries<T>(Tensor<T>? flat, Tensor<T>? embedding, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (embedding is null && (flat is null || Settings.PositionalEmbedding != PositionalEmbeddingKind.Concat)) return flat;
        return KeysInput(flat ?? Tensor<T>.Zeros(g.Items, g.Positions, g.Channels), embedding ?? Tensor<T>.Zeros(g.Positions, g.EmbeddingChannels), g);
    }

    /// <summary>Coefficients of x(t)·W(t) with W(t) = W + t·δW: k ↦ x_k·W + x_{k−1}·δW (coefficient 0 given).</summary>
    private static Tensor<T>?[] Projection<T>(Tensor<T>?[] inputs, Tensor<T> weight, Tensor<T>? direction, Tensor<T> primal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>?[inputs.Length];
        result[0] = primal;
        for (int k = 1; k < inputs.Length; k++)
        {
            Tensor<T>? y = null;
            if (inputs[k] is { } xk) y = TensorMath.MatMulLastAxis(xk, weight, 1);
            if (direction is not null && inputs[k - 1] is { } previous) y = JetMath.Accumulate(y, TensorMath.MatMulLastAxis(previous, direction, 1));
            result[k] = y;
        }
        return result;
    }
}
