namespace NeuralTangents.Rules;

/// <summary>The map from attention logits to weights (Neural Tangents' <c>AttentionMechanism</c>).</summary>
internal enum AttentionFunction
{
    /// <summary>Softmax over the keys of each query.</summary>
    Softmax = 0,

    /// <summary>The logits themselves.</summary>
    Identity = 1,

    /// <summary>|logit|.</summary>
    Abs = 2,

    /// <summary>max(logit, 0).</summary>
    Relu = 3,
}

/// <summary>How positional embeddings enter the attention inputs (Neural Tangents' <c>PositionalEmbedding</c>).</summary>
internal enum PositionalEmbeddingKind
{
    /// <summary>No positional embeddings.</summary>
    None = 0,

    /// <summary>Added to the inputs (as many channels as the inputs).</summary>
    Sum = 1,

    /// <summary>Appended to the input channels.</summary>
    Concat = 2,
}
