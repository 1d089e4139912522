namespace NeuralTangents;

/// <summary>The map from attention logits to attention weights in <see cref="Stax.GlobalSelfAttention"/> (Neural Tangents' <c>AttentionMechanism</c>).</summary>
public enum AttentionMechanism
{
    /// <summary>Softmax over the keys of each query (the default).</summary>
    Softmax = 0,

    /// <summary>The logits themselves (the only mechanism with a closed-form kernel under 1/√n_chan_key scaling).</summary>
    Identity = 1,

    /// <summary>|logit|.</summary>
    Abs = 2,

    /// <summary>max(logit, 0).</summary>
    Relu = 3,
}
