using System.Globalization;
using System.Text;

namespace NeuralTangents.Rules;

/// <summary>Shape and validity rules of GlobalSelfAttention.</summary>
internal static class AttentionRules
{
    /// <summary>
    /// <c>GlobalSelfAttention(out: 8, key: 16, value: 8, heads: 2, Softmax, linear, …)</c>: every hyperparameter
    /// that changes the layer, in a fixed order.
    /// </summary>
    public static string Name(AttentionSettings s)
    {
        var text = new StringBuilder("GlobalSelfAttention(out: ");
        text.Append(Int(s.OutChannels)).Append(", key: ").Append(Int(s.KeyChannels)).Append(", value: ").Append(Int(s.ValueChannels))
            .Append(", heads: ").Append(Int(s.Heads)).Append(", ").Append(s.Mechanism.ToString())
            .Append(s.LinearScaling ? ", linear scaling" : ", sqrt scaling")
            .Append(", wKeyStd: ").Append(LayerNames.Num(s.WKeyStd)).Append(", wValueStd: ").Append(LayerNames.Num(s.WValueStd))
            .Append(", wQueryStd: ").Append(LayerNames.Num(s.WQueryStd)).Append(", wOutStd: ").Append(LayerNames.Num(s.WOutStd))
            .Append(", bStd: ").Append(s.BStd is double b ? LayerNames.Num(b) : "null");
        if (s.PositionalEmbedding != PositionalEmbeddingKind.None)
        {
            text.Append(", posEmb: ").Append(s.PositionalEmbedding.ToString())
                .Append(", wPosEmbStd: ").Append(LayerNames.Num(s.WPosEmbStd))
                .Append(", posEmbChannels: ").Append(s.PosEmbChannels is int c ? Int(c) : "inputs")
                .Append(s.HasDecay ? ", decay, pNorm: " + LayerNames.Num(s.PosEmbPNorm) : ", one-hot")
                .Append(s.ValuePosEmb ? ", values too" : ", keys only");
        }
        return text.Append(')').ToString();
    }

    /// <summary>
    /// The layer on its input (batch, spatial…, channels): attention over all positions, output
    /// (batch, spatial…, n_chan_out), a Gaussian pre-activation. With <paramref name="forKernel"/> the combination
    /// must also have a closed-form kernel (see <see cref="KernelClosedForm"/>).
    /// </summary>
    public static RuleResult Rule(string layer, BranchSignature[] input, AttentionSettings s, bool forKernel)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (Check(layer, s) is { } invalid) return invalid;
        var x = input[0];
        if (x.Shape.Length < 3)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                layer + " attends over spatial positions, so it expects an input of rank at least 3 (batch, spatial…, channels), got shape " + x.ShapeText + ".");
        for (int a = 1; a < x.Shape.Length; a++)
            if (x.Shape[a] < 1)
                return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", layer + " expects non-empty spatial and channel axes, got shape " + x.ShapeText + ".");
        if (s.PositionalEmbedding == PositionalEmbeddingKind.Sum && s.PosEmbChannels is int c && c != x.Channels)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "nChanPosEmb",
                layer + ": SUM positional embeddings are added to the inputs, so nChanPosEmb must be null or the input channels (" + Int(x.Channels) +
                "), got " + Int(c) + " for input shape " + x.ShapeText + ". Use CONCAT to choose another width.");
        if (forKernel && KernelClosedForm(layer, s) is { } noClosedForm) return noClosedForm;
        return RuleResult.Valid(new BranchSignature(Shapes.WithChannels(x.Shape, s.OutChannels), isGaussian: true));
    }

    /// <summary>
    /// The hyperparameter checks that need no input: positive widths and head count, positive finite standard
    /// deviations (b_std non-negative), a positive finite p, a known mechanism and embedding type.
    /// </summary>
    public static RuleResult? Check(string layer, AttentionSettings s)
    {
        if (Positive(layer, "nChanOut", s.OutChannels) is { } a) return a;
        if (Positive(layer, "nChanKey", s.KeyChannels) is { } b) return b;
        if (Positive(layer, "nChanVal", s.ValueChannels) is { } c) return c;
        if (Positive(layer, "nHeads", s.Heads) is { } d) return d;
        if (LayerRules.PositiveFinite(layer, "wKeyStd", s.WKeyStd) is { } e) return e;
        if (LayerRules.PositiveFinite(layer, "wValueStd", s.WValueStd) is { } f) return f;
        if (LayerRules.PositiveFinite(layer, "wQueryStd", s.WQueryStd) is { } g) return g;
        if (LayerRules.PositiveFinite(layer, "wOutStd", s.WOutStd) is { } h) return h;
        if (s.BStd is double bias && LayerRules.NonNegativeFinite(layer, "bStd", bias) is { } i) return i;
        if (!System.Enum.IsDefined(typeof(AttentionFunction), s.Mechanism))
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "attentionMechanism",
                layer + ": unknown attention mechanism " + Int((int)s.Mechanism) + "; expected Softmax, Identity, Abs or Relu.");
        if (!System.Enum.IsDefined(typeof(PositionalEmbeddingKind), s.PositionalEmbedding))
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "posEmbType",
                layer + ": unknown positional embedding type " + Int((int)s.PositionalEmbedding) + "; expected None, Sum or Concat.");
        if (LayerRules.PositiveFinite(layer, "posEmbPNorm", s.PosEmbPNorm) is { } p) return p;
        if (LayerRules.PositiveFinite(layer, "wPosEmbStd", s.WPosEmbStd) is { } w) return w;
        if (s.PosEmbChannels is int channels && channels < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "nChanPosEmb",
                layer + ": nChanPosEmb must be null (as many as the inputs) or at least 1, got " + Int(channels) + ".");
        return null;
    }

    /// <summary>
    /// Neural Tangents' closed forms: every mechanism with linear scaling (logits converge to constants), and
    /// only IDENTITY with 1/√n_chan_key scaling (logits stay Gaussian; other mechanisms need an integral with
    /// no known closed form).
    /// </summary>
    public static RuleResult? KernelClosedForm(string layer, AttentionSettings s)
    {
        if (s.LinearScaling || s.Mechanism == AttentionFunction.Identity) return null;
        return RuleResult.Invalid(RuleIds.UnsupportedLayout, "attentionMechanism",
            layer + ": with linearScaling: false only attentionMechanism: Identity has a closed-form infinite-width kernel (got " + s.Mechanism +
            "); use linearScaling: true (keys and queries tied, logits scaled by 1/nChanKey) or the Identity mechanism. The finite network (Init/Apply, empirical and Monte Carlo kernels) works with every combination.");
    }

    private static RuleResult? Positive(string layer, string name, int value) =>
        value >= 1 ? null : RuleResult.Invalid(RuleIds.InvalidHyperparameter, name, layer + ": " + name + " must be at least 1, got " + Int(value) + ".");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
