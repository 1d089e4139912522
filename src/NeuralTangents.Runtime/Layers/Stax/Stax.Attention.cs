using NeuralTangents.Layers.Attention;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>Self-attention over spatial positions.</summary>
public static partial class Stax
{
    /// <summary>
    /// Multi-head scaled dot-product self-attention over all spatial positions (flattened), Neural Tangents'
    /// <c>GlobalSelfAttention</c> in the NTK parameterization; the output keeps the positions and has
    /// <paramref name="nChanOut"/> channels. Its kernel needs the full pixel-pair covariance of its input.
    /// Closed-form kernels exist for <paramref name="linearScaling"/> with every mechanism and for 1/√n_chan_key
    /// scaling with <see cref="AttentionMechanism.Identity"/>; other combinations have a finite network only
    /// (their <c>KernelFn</c> throws <see cref="NotSupportedException"/>).
    /// </summary>
    /// <param name="nChanOut">Output channels.</param>
    /// <param name="nChanKey">Channels of keys and queries per head.</param>
    /// <param name="nChanVal">Channels of values per head.</param>
    /// <param name="nHeads">Number of heads.</param>
    /// <param name="linearScaling">True (default): keys and queries share their weights and logits are scaled by
    /// 1/nChanKey, so they converge to constants as widths grow; false: independent weights and 1/√nChanKey.</param>
    /// <param name="wKeyStd">Key weight standard deviation; only the product with <paramref name="wQueryStd"/> matters.</param>
    /// <param name="wValueStd">Value weight standard deviation; only the product with <paramref name="wOutStd"/> matters.</param>
    /// <param name="wQueryStd">Query weight standard deviation (scales the logits also when the weights are tied).</param>
    /// <param name="wOutStd">Output weight standard deviation.</param>
    /// <param name="bStd">Bias standard deviation; null means no bias.</param>
    /// <param name="attentionMechanism">The map from logits to weights (softmax over the keys by default).</param>
    /// <param name="posEmbType">Positional embeddings: none, added to the inputs, or appended as channels.</param>
    /// <param name="posEmbPNorm">p of the distance Σ_d |i_d − j_d|^p handed to <paramref name="posEmbDecayFn"/>.</param>
    /// <param name="posEmbDecayFn">The covariance of two positions' embeddings as a function of their distance; null
    /// means one-hot embeddings (covariance 1 at distance 0, else 0). The finite layer needs it to give a positive-definite covariance.</param>
    /// <param name="nChanPosEmb">Channels of the embeddings; null means as many as the inputs (the only choice for SUM).</param>
    /// <param name="wPosEmbStd">Embedding standard deviation.</param>
    /// <param name="valPosEmb">Whether values see the embeddings too (keys and queries always do).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer GlobalSelfAttention(int nChanOut, int nChanKey, int nChanVal, int nHeads, bool linearScaling = true,
        double wKeyStd = 1.0, double wValueStd = 1.0, double wQueryStd = 1.0, double wOutStd = 1.0, double? bStd = null,
        AttentionMechanism attentionMechanism = AttentionMechanism.Softmax, PositionalEmbedding posEmbType = PositionalEmbedding.None,
        double posEmbPNorm = 2, Func<double, double>? posEmbDecayFn = null, int? nChanPosEmb = null, double wPosEmbStd = 1.0,
        bool valPosEmb = false) =>
        Made(new GlobalSelfAttention(
            new AttentionSettings(nChanOut, nChanKey, nChanVal, nHeads, linearScaling, wKeyStd, wValueStd, wQueryStd, wOutStd, bStd,
                (AttentionFunction)attentionMechanism, (PositionalEmbeddingKind)posEmbType, posEmbPNorm, posEmbDecayFn is not null, nChanPosEmb,
                wPosEmbStd, valPosEmb),
            posEmbDecayFn),
            [nChanOut, nChanKey, nChanVal, nHeads, linearScaling, wKeyStd, wValueStd, wQueryStd, wOutStd, bStd, attentionMechanism, posEmbType, posEmbPNorm,
                posEmbDecayFn, nChanPosEmb, wPosEmbStd, valPosEmb]);
}
