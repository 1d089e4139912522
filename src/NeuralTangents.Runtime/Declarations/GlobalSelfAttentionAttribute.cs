namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: multi-head self-attention over all spatial
/// positions, the same layer as <see cref="Stax.GlobalSelfAttention"/>, e.g.
/// <c>[GlobalSelfAttention(16, 64, 16, 4, PosEmbType = PositionalEmbedding.Sum)]</c>. A decay function for the
/// positional embeddings is a delegate, which attributes cannot hold: use the fluent form (built at run time) for one.
/// </summary>
public sealed class GlobalSelfAttentionAttribute : LayerAttribute
{
    /// <summary>Declares the layer.</summary>
    /// <param name="nChanOut">Output channels.</param>
    /// <param name="nChanKey">Channels of keys and queries per head.</param>
    /// <param name="nChanVal">Channels of values per head.</param>
    /// <param name="nHeads">Number of heads.</param>
    public GlobalSelfAttentionAttribute(int nChanOut, int nChanKey, int nChanVal, int nHeads)
    {
        NChanOut = nChanOut;
        NChanKey = nChanKey;
        NChanVal = nChanVal;
        NHeads = nHeads;
    }

    /// <summary>Output channels.</summary>
    public int NChanOut { get; }

    /// <summary>Channels of keys and queries per head.</summary>
    public int NChanKey { get; }

    /// <summary>Channels of values per head.</summary>
    public int NChanVal { get; }

    /// <summary>Number of heads.</summary>
    public int NHeads { get; }

    /// <summary>Tied keys and queries with logits scaled by 1/nChanKey (true, the default), or independent ones with 1/√nChanKey.</summary>
    public bool LinearScaling { get; set; } = true;

    /// <summary>Key weight standard deviation; 1 by default.</summary>
    public double WKeyStd { get; set; } = 1.0;

    /// <summary>Value weight standard deviation; 1 by default.</summary>
    public double WValueStd { get; set; } = 1.0;

    /// <summary>Query weight standard deviation; 1 by default.</summary>
    public double WQueryStd { get; set; } = 1.0;

    /// <summary>Output weight standard deviation; 1 by default.</summary>
    public double WOutStd { get; set; } = 1.0;

    /// <summary>Bias standard deviation; NaN (the default) stands for no bias, as attributes cannot hold a nullable value.</summary>
    public double BStd { get; set; } = double.NaN;

    /// <summary>The map from logits to weights; softmax by default.</summary>
    public AttentionMechanism AttentionMechanism { get; set; } = AttentionMechanism.Softmax;

    /// <summary>Positional embeddings: none (default), added or appended.</summary>
    public PositionalEmbedding PosEmbType { get; set; } = PositionalEmbedding.None;

    /// <summary>p of the distance between positions (used only with a decay function, which attributes cannot hold); 2 by default.</summary>
    public double PosEmbPNorm { get; set; } = 2;

    /// <summary>Channels of the embeddings; when not set, as many as the inputs.</summary>
    public int NChanPosEmb { get; set; }

    /// <summary>Embedding standard deviation; 1 by default.</summary>
    public double WPosEmbStd { get; set; } = 1.0;

    /// <summary>Whether values see the embeddings too; false by default.</summary>
    public bool ValPosEmb { get; set; }
}
