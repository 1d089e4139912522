using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Model;

/// <summary>
/// <c>Stax.GlobalSelfAttention(nChanOut, nChanKey, nChanVal, nHeads, linearScaling, wKeyStd, wValueStd, wQueryStd, wOutStd, bStd,
/// attentionMechanism, posEmbType, posEmbPNorm, posEmbDecayFn: null, nChanPosEmb, wPosEmbStd, valPosEmb)</c>. A decay function
/// is a delegate, which the generator cannot evaluate, so the model has none (one-hot embeddings); BStd and
/// PosEmbChannels null mean no bias and as many embedding channels as the inputs.
/// </summary>
internal sealed record GlobalSelfAttentionNode(int OutChannels, int KeyChannels, int ValueChannels, int Heads, bool LinearScaling,
    double WKeyStd, double WValueStd, double WQueryStd, double WOutStd, double? BStd, AttentionFunction Mechanism,
    PositionalEmbeddingKind PositionalEmbedding, double PosEmbPNorm, int? PosEmbChannels, double WPosEmbStd, bool ValuePosEmb) : LayerNode;
