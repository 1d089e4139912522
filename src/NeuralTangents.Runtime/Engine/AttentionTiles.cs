using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The constants of GlobalSelfAttention's kernel rule for one input (Neural Tangents' formulas, nt-math §10).
/// Σ̃ = InputWeight·Σ + PositionalWeight·R interpolates the covariance with the positional covariance R
/// (InputWeight 1 and PositionalWeight 0 without embeddings).
/// </summary>
/// <param name="LinearScaling">Tied keys and queries, logits scaled by 1/n_chan_key (closed form for every mechanism).</param>
/// <param name="Mechanism">The mechanism code of <see cref="DeviceKernels.AttentionKernels"/>.</param>
/// <param name="QueryKeyStd">QK = W_query_std·W_key_std.</param>
/// <param name="OutValueStd">OV = W_out_std·W_value_std.</param>
/// <param name="BiasVariance">b_std² (0 without bias).</param>
/// <param name="InputWeight">The input's share in Σ̃.</param>
/// <param name="PositionalWeight">The positional covariance's share in Σ̃ (W_pos_emb_std², times the embedding's channel share for CONCAT).</param>
/// <param name="ValuePosEmb">Whether values see the embeddings (they then use Σ̃ and Θ̃ rather than Σ and Θ).</param>
/// <param name="Positional">R, S×S row-major; cached by the layer and shared between tiles, so read-only.</param>
internal sealed record AttentionKernelConstants(bool LinearScaling, int Mechanism, double QueryKeyStd, double OutValueStd, double BiasVariance,
    double InputWeight, double PositionalWeight, bool ValuePosEmb, double[] Positional);

/// <summary>Host orchestration of GlobalSelfAttention's kernel rule on a full-covariance tile (in place).</summary>
internal static class AttentionTiles
{
    /// <summary>Applies the rule to every array of <paramref name="tile"/>; the tile keeps its layout (attention keeps the positions).</summary>
    public static void Apply<T>(KernelEngine engine, KernelTile<T> tile, AttentionKernelConstants c) where T : unmanaged
    {
        if (tile.Layout.Form != SpatialForm.Full)
            throw new InvalidOperationException($"GlobalSelfAttention received a {tile.Layout} covariance; it needs the full form (the layout requirement was not propagated).");
        int size = tile.Layout.Size;
        using var positional = engine.Allocate<double>((long)size * size);
        positional.View.SubView(0, (long)size * size).CopyFromCPU(c.Positional);
        if (c.LinearScaling) Linear(engine, tile, c, positional, size);
        else Identity(engine, tile, c, positional, size);
        engine.Accelerator.Synchronize();
    }

    /// <summary>
    /// Σ' = OV²·G₁·V·G₂ᵀ + b², Θ' = OV²·G₁·Θ_v·G₂ᵀ + 2·OV²·G₁·V·G₂ᵀ + b² with G = φ(QK·Σ̃) of each item's own
    /// covariance; V, Θ_v are Σ̃, Θ̃ when values see the embeddings, else Σ, Θ. The NTK's second term is the value
    /// and output weights' gradient; the keys' gradient vanishes in the limit.
    /// </summary>
    private static void Linear<T>(KernelEngine engine, KernelTile<T> tile, AttentionKernelConstants c, MemoryBuffer1D<double, Stride1D.Dense> positional, int size)
        where T : unmanaged
    {
        var ops = DeviceOps<T>.Instance;
        long per = (long)size * size;
        using var g1 = engine.Allocate<double>(tile.Rows * per);
        using var g2 = engine.Allocate<double>(tile.Cols * per);
        ops.AttentionWeights(engine, tile.Cov1, positional, g1, tile.Rows, size, c.InputWeight, c.PositionalWeight, c.QueryKeyStd, c.Mechanism);
        ops.AttentionWeights(engine, tile.Cov2, positional, g2, tile.Cols, size, c.InputWeight, c.PositionalWeight, c.QueryKeyStd, c.Mechanism);

        double valueInput = c.ValuePosEmb ? c.InputWeight : 1, valuePositional = c.ValuePosEmb ? c.PositionalWeight : 0;
        double scale = c.OutValueStd * c.OutValueStd;
        long pairs = (long)tile.Rows * tile.Cols;
        using var temp = engine.Allocate<double>(Math.Max(pairs, Math.Max(tile.Rows, tile.Cols)) * per);
        ops.AttentionSandwich(engine, g1, tile.Nngp, positional, g2, temp, tile.Nngp, tile.Nngp, pairs, size, tile.Cols, tile.Cols,
            valueInput, valuePositional, scale, c.BiasVariance, 0);
        if (tile.Ntk is not null)
            ops.AttentionSandwich(engine, g1, tile.Ntk, positional, g2, temp, tile.Ntk, tile.Nngp, pairs, size, tile.Cols, tile.Cols,
                valueInput, valuePositional, scale, -c.BiasVariance, 2);
        ops.AttentionSandwich(engine, g1, tile.Cov1, positional, g1, temp, tile.Cov1, tile.Cov1, tile.Rows, size, 1, tile.Rows,
            valueInput, valuePositional, scale, c.BiasVariance, 0);
        ops.AttentionSandwich(engine, g2, tile.Cov2, positional, g2, temp, tile.Cov2, tile.Cov2, tile.Cols, size, 1, tile.Cols,
            valueInput, valuePositional, scale, c.BiasVariance, 0);
    }

    /// <summary>The 1/√d-scaled IDENTITY rule on the cross pairs and on each item's own covariance.</summary>
    private static void Identity<T>(KernelEngine engine, KernelTile<T> tile, AttentionKernelConstants c, MemoryBuffer1D<double, Stride1D.Dense> positional, int size)
        where T : unmanaged
    {
        var ops = DeviceOps<T>.Instance;
        double scale = c.QueryKeyStd * c.OutValueStd;
        scale *= scale;
        ops.AttentionIdentity(engine, tile.Nngp, tile.Ntk, positional, (long)tile.Rows * tile.Cols, size, c.InputWeight, c.PositionalWeight, c.ValuePosEmb, scale, c.BiasVariance);
        ops.AttentionIdentity(engine, tile.Cov1, null, positional, tile.Rows, size, c.InputWeight, c.PositionalWeight, c.ValuePosEmb, scale, c.BiasVariance);
        ops.AttentionIdentity(engine, tile.Cov2, null, positional, tile.Cols, size, c.InputWeight, c.PositionalWeight, c.ValuePosEmb, scale, c.BiasVariance);
    }
}
