namespace NeuralTangents.Rules;

/// <summary>
/// The hyperparameters of a GlobalSelfAttention layer that its rules read, in one value so that the runtime
/// layer and the analyzers pass the same thing.
/// </summary>
internal sealed class AttentionSettings
{
    /// <summary>Creates the settings (no validation: <see cref="AttentionRules.Check"/> does that).</summary>
    public AttentionSettings(int outChannels, int keyChannels, int valueChannels, int heads, bool linearScaling,
        double wKeyStd, double wValueStd, double wQueryStd, double wOutStd, double? bStd, AttentionFunction mechanism,
        PositionalEmbeddingKind positionalEmbedding, double posEmbPNorm, bool hasDecay, int? posEmbChannels, double wPosEmbStd, bool valuePosEmb)
    {
        OutChannels = outChannels;
        KeyChannels = keyChannels;
        ValueChannels = valueChannels;
        Heads = heads;
        LinearScaling = linearScaling;
        WKeyStd = wKeyStd;
        WValueStd = wValueStd;
        WQueryStd = wQueryStd;
        WOutStd = wOutStd;
        BStd = bStd;
        Mechanism = mechanism;
        PositionalEmbedding = positionalEmbedding;
        PosEmbPNorm = posEmbPNorm;
        HasDecay = hasDecay;
        PosEmbChannels = posEmbChannels;
        WPosEmbStd = wPosEmbStd;
        ValuePosEmb = valuePosEmb;
    }

    /// <summary>n_chan_out.</summary>
    public int OutChannels { get; }

    /// <summary>n_chan_key: channels of keys and queries per head.</summary>
    public int KeyChannels { get; }

    /// <summary>n_chan_val: channels of values per head.</summary>
    public int ValueChannels { get; }

    /// <summary>n_heads.</summary>
    public int Heads { get; }

    /// <summary>Logits scaled by 1/n_chan_key with tied key and query weights (true), or by 1/√n_chan_key with independent ones.</summary>
    public bool LinearScaling { get; }

    /// <summary>W_key_std.</summary>
    public double WKeyStd { get; }

    /// <summary>W_value_std.</summary>
    public double WValueStd { get; }

    /// <summary>W_query_std.</summary>
    public double WQueryStd { get; }

    /// <summary>W_out_std.</summary>
    public double WOutStd { get; }

    /// <summary>b_std; null means no bias.</summary>
    public double? BStd { get; }

    /// <summary>The attention mechanism.</summary>
    public AttentionFunction Mechanism { get; }

    /// <summary>The positional embedding type.</summary>
    public PositionalEmbeddingKind PositionalEmbedding { get; }

    /// <summary>p of the distance Σ_d |i_d − j_d|^p handed to the decay function.</summary>
    public double PosEmbPNorm { get; }

    /// <summary>Whether a decay function shapes the positional covariance (otherwise it is the identity).</summary>
    public bool HasDecay { get; }

    /// <summary>n_chan_pos_emb; null means as many as the input channels.</summary>
    public int? PosEmbChannels { get; }

    /// <summary>W_pos_emb_std.</summary>
    public double WPosEmbStd { get; }

    /// <summary>Whether values see the positional embeddings too.</summary>
    public bool ValuePosEmb { get; }
}
