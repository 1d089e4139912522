using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Attention;

/// <summary>
/// The finite attention mechanism on rows of logits (one row = one query's logits over the S keys): its value,
/// its pullback and its Taylor coefficients. Masked keys would enter here (logit −1e20 for softmax, 0 otherwise,
/// as in Neural Tangents) before the mechanism is applied.
/// </summary>
internal static class AttentionWeights
{
    /// <summary>weights = φ(logits), row by row (rows of <paramref name="size"/>).</summary>
    public static void Apply<T>(AttentionFunction mechanism, ReadOnlySpan<T> logits, Span<T> weights, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int offset = 0; offset < logits.Length; offset += size)
        {
            var l = logits.Slice(offset, size);
            var w = weights.Slice(offset, size);
            switch (mechanism)
            {
                case AttentionFunction.Softmax:
                    Softmax(l, w);
                    break;
                case AttentionFunction.Abs:
                    for (int j = 0; j < size; j++) w[j] = T.Abs(l[j]);
                    break;
                case AttentionFunction.Relu:
                    for (int j = 0; j < size; j++) w[j] = T.Max(l[j], T.Zero);
                    break;
                default:
                    l.CopyTo(w);
                    break;
            }
        }
    }

    /// <summary>
    /// dLogits = the pullback of dWeights through φ: softmax dl = w ⊙ (dw − ⟨w, dw⟩) per row; pointwise φ'(l)·dw
    /// with φ' = sign for Abs and the step (0 at 0, as in JAX) for Relu.
    /// </summary>
    public static void Backward<T>(AttentionFunction mechanism, ReadOnlySpan<T> logits, ReadOnlySpan<T> weights, ReadOnlySpan<T> dWeights, Span<T> dLogits, int size)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int offset = 0; offset < logits.Length; offset += size)
        {
            var l = logits.Slice(offset, size);
            var w = weights.Slice(offset, size);
            var dw = dWeights.Slice(offset, size);
            var dl = dLogits.Slice(offset, size);
            switch (mechanism)
            {
                case AttentionFunction.Softmax:
                    T inner = T.Zero;
                    for (int j = 0; j < size; j++) inner += w[j] * dw[j];
                    for (int j = 0; j < size; j++) dl[j] = w[j] * (dw[j] - inner);
                    break;
                case AttentionFunction.Abs:
                    for (int j = 0; j < size; j++) dl[j] = T.CreateTruncating(T.Sign(l[j])) * dw[j];
                    break;
                case AttentionFunction.Relu:
                    for (int j = 0; j < size; j++) dl[j] = l[j] > T.Zero ? dw[j] : T.Zero;
                    break;
                default:
                    dw.CopyTo(dl);
                    break;
            }
        }
    }

    /// <summary>
    /// Taylor coefficients of φ(l(t)) from those of l(t) (index k = coefficient of t^k; null = zero), for coefficients
    /// 1 … degree; coefficient 0 is <paramref name="weights"/>. Pointwise mechanisms are linear away from 0, so
    /// w_k = φ'(l_0)·l_k; softmax uses e = exp(l): e_k = (1/k)·Σ_{j=1..k} j·l_j·e_{k−j}, and w = e/Z per row with
    /// Z = Σ e: w_k = (e_k − Σ_{j=1..k} Z_j·w_{k−j}) / Z_0 (e taken relative to the row maximum of l_0, which
    /// cancels in w).
    /// </summary>
    public static T[]?[] Taylor<T>(AttentionFunction mechanism, T[]?[] logits, T[] weights, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int degree = logits.Length - 1;
        var result = new T[]?[degree + 1];
        result[0] = weights;
        if (mechanism != AttentionFunction.Softmax)
        {
            var l0 = logits[0]!;
            for (int k = 1; k <= degree; k++)
            {
                if (logits[k] is not { } lk) continue;
                var wk = new T[lk.Length];
                for (int e = 0; e < lk.Length; e++)
                    wk[e] = mechanism switch
                    {
                        AttentionFunction.Abs => T.CreateTruncating(T.Sign(l0[e])) * lk[e],
                        AttentionFunction.Relu => l0[e] > T.Zero ? lk[e] : T.Zero,
                        _ => lk[e],
                    };
                result[k] = wk;
            }
            return result;
        }

        int length = weights.Length, rows = length / size;
        var ex = new double[degree + 1][];
        var w = new double[degree + 1][];
        for (int k = 0; k <= degree; k++)
        {
            ex[k] = new double[length];
            w[k] = new double[length];
        }
        var l = new double[degree + 1][];
        for (int k = 0; k <= degree; k++) l[k] = logits[k] is { } lk ? lk.Select(double.CreateTruncating).ToArray() : new double[length];
        var z = new double[degree + 1];
        for (int r = 0; r < rows; r++)
        {
            int o = r * size;
            double largest = double.NegativeInfinity;
            for (int j = 0; j < size; j++) largest = Math.Max(largest, l[0][o + j]);
            for (int j = 0; j < size; j++) ex[0][o + j] = Math.Exp(l[0][o + j] - largest);
            for (int k = 1; k <= degree; k++)
                for (int j = 0; j < size; j++)
                {
                    double sum = 0;
                    for (int m = 1; m <= k; m++) sum += m * l[m][o + j] * ex[k - m][o + j];
                    ex[k][o + j] = sum / k;
                }
            for (int k = 0; k <= degree; k++)
            {
                z[k] = 0;
                for (int j = 0; j < size; j++) z[k] += ex[k][o + j];
            }
            for (int j = 0; j < size; j++) w[0][o + j] = ex[0][o + j] / z[0];
            for (int k = 1; k <= degree; k++)
                for (int j = 0; j < size; j++)
                {
                    double value = ex[k][o + j];
                    for (int m = 1; m <= k; m++) value -= z[m] * w[k - m][o + j];
                    w[k][o + j] = value / z[0];
                }
        }
        for (int k = 1; k <= degree; k++) result[k] = w[k].Select(T.CreateTruncating).ToArray();
        return result;
    }

    private static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = double.NegativeInfinity;
        foreach (var value in logits) largest = Math.Max(largest, double.CreateTruncating(value));
        double total = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double e = Math.Exp(double.CreateTruncating(logits[j]) - largest);
            weights[j] = T.CreateTruncating(e);
            total += e;
        }
        var inverse = T.CreateTruncating(1 / total);
        for (int j = 0; j < weights.Length; j++) weights[j] *= inverse;
    }
}
