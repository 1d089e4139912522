namespace NeuralTangents;

/// <summary>How <see cref="Stax.GlobalSelfAttention"/> adds trainable positional embeddings to its inputs (Neural Tangents' <c>PositionalEmbedding</c>).</summary>
public enum PositionalEmbedding
{
    /// <summary>No positional embeddings (the default).</summary>
    None = 0,

    /// <summary>Embeddings with the inputs' channel count, added to the inputs.</summary>
    Sum = 1,

    /// <summary>Embeddings of <c>nChanPosEmb</c> channels appended to the input channels.</summary>
    Concat = 2,
}
