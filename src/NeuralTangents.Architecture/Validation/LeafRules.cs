using System.Linq;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// The validator's case for every leaf layer: which shared rules it obeys, in the runtime's words. A new layer
/// adds one case here (its name, factory check, rule, parameter count and covariance need); the tree walk, the
/// covariance planning and the names of composites need nothing else.
/// </summary>
internal static class LeafRules
{
    /// <summary>A single-branch input for checks that need only the hyperparameters (the factories' probes).</summary>
    private static BranchSignature[] Probe(int channels = 1, bool gaussian = false) => new[] { new BranchSignature(new[] { -1, channels }, gaussian) };

    /// <summary>The rule of leaf <paramref name="node"/>, or null for composites (Serial, Parallel, Repeat) and unknown kinds.</summary>
    public static LeafRule? For(LayerNode node)
    {
        switch (node)
        {
            case DenseNode d:
            {
                string name = LayerNames.Dense(d.OutDim, d.WStd, d.BStd, d.Standard, d.WidthScaleIn, d.WidthScaleOut);
                return new LeafRule(name,
                    () => LayerRules.Dense(name, Probe(), d.OutDim, d.WStd, d.BStd, d.WidthScaleIn, d.WidthScaleOut).Violation,
                    (input, _) => LayerRules.Dense(name, input, d.OutDim, d.WStd, d.BStd, d.WidthScaleIn, d.WidthScaleOut),
                    input => input[0].Channels * Width(d.OutDim, d.Standard, d.WidthScaleOut) + (d.BStd is null ? 0 : Width(d.OutDim, d.Standard, d.WidthScaleOut)));
            }
            case ActivationNode a:
            {
                var spec = ActivationCatalog.Get(a.Kind);
                string name = spec.Name(a.Arguments.ToArray());
                return new LeafRule(name, () => spec.Check(a.Arguments.ToArray())?.Violation, (input, forKernel) => LayerRules.Elementwise(name, input, forKernel));
            }
            case FanOutNode f:
            {
                string name = LayerNames.FanOut(f.Count);
                return new LeafRule(name, () => LayerRules.FanOut(name, Probe(), f.Count).Violation, (input, _) => LayerRules.FanOut(name, input, f.Count));
            }
            case FanInSumNode:
                return new LeafRule("FanInSum", () => null, (input, forKernel) => LayerRules.FanInSum("FanInSum", input, forKernel));
            case FanInProdNode:
                return new LeafRule("FanInProd", () => null, (input, _) => LayerRules.FanInProd("FanInProd", input));
            case FanInConcatNode c:
            {
                string name = LayerNames.FanInConcat(c.Axis);
                return new LeafRule(name, () => null, (input, forKernel) =>
                {
                    var result = LayerRules.FanInConcat(name, input, c.Axis, forKernel);
                    return result.IsValid && input.Length > 0 ? LayerRules.FanInConcatSupported(name, c.Axis, input[0].Shape.Length) ?? result : result;
                });
            }
            case IdentityNode:
                return new LeafRule("Identity", () => null, (input, _) => RuleResult.Valid(input));
            case FlattenNode:
                return new LeafRule("Flatten", () => null, (input, _) => LayerRules.Flatten("Flatten", input), inputForm: CovarianceDemand.OfFlatten);
            case ConvNode conv:
            {
                string name = LayerNames.Conv("Conv", conv.OutChannels, conv.Filter.ToArray(), conv.Strides.ToArray(), conv.Padding, conv.WStd, conv.BStd,
                    conv.Standard, conv.WidthScaleIn, conv.WidthScaleOut);
                RuleResult Rule(BranchSignature[] input) => SpatialRules.Conv(name, input, conv.OutChannels, conv.Filter.ToArray(), conv.Strides.ToArray(),
                    conv.Padding, conv.WStd, conv.BStd, conv.WidthScaleIn, conv.WidthScaleOut);
                long width = Width(conv.OutChannels, conv.Standard, conv.WidthScaleOut);
                return new LeafRule(name, () => Rule(new[] { SpatialRules.Probe(conv.Filter.ToArray()) }).Violation, (input, _) => Rule(input),
                    input => Product(conv.Filter) * input[0].Channels * width + (conv.BStd is null ? 0 : width));
            }
            case ConvLocalNode local:
            {
                string name = LayerNames.Conv("ConvLocal", local.OutChannels, local.Filter.ToArray(), local.Strides.ToArray(), local.Padding, local.WStd,
                    local.BStd, local.Standard, local.WidthScaleIn, local.WidthScaleOut);
                RuleResult Rule(BranchSignature[] input) => SpatialRules.Conv(name, input, local.OutChannels, local.Filter.ToArray(), local.Strides.ToArray(),
                    local.Padding, local.WStd, local.BStd, local.WidthScaleIn, local.WidthScaleOut);
                long width = Width(local.OutChannels, local.Standard, local.WidthScaleOut);
                // One filter and one bias per output position.
                return new LeafRule(name, () => Rule(new[] { SpatialRules.Probe(local.Filter.ToArray()) }).Violation, (input, _) => Rule(input),
                    input => CovarianceDemand.Positions(Rule(input).Output![0].Shape)
                        * (Product(local.Filter) * input[0].Channels * width + (local.BStd is null ? 0 : width)));
            }
            case ConvTransposeNode transposed:
            {
                string name = LayerNames.Conv("ConvTranspose", transposed.OutChannels, transposed.Filter.ToArray(), transposed.Strides.ToArray(), transposed.Padding,
                    transposed.WStd, transposed.BStd, transposed.Standard, transposed.WidthScaleIn, transposed.WidthScaleOut);
                RuleResult Rule(BranchSignature[] input) => SpatialRules.ConvTranspose(name, input, transposed.OutChannels, transposed.Filter.ToArray(),
                    transposed.Strides.ToArray(), transposed.Padding, transposed.WStd, transposed.BStd, transposed.WidthScaleIn, transposed.WidthScaleOut);
                long width = Width(transposed.OutChannels, transposed.Standard, transposed.WidthScaleOut);
                return new LeafRule(name, () => Rule(new[] { SpatialRules.Probe(transposed.Filter.ToArray()) }).Violation, (input, _) => Rule(input),
                    input => Product(transposed.Filter) * input[0].Channels * width + (transposed.BStd is null ? 0 : width));
            }
            case IndexNode index:
            {
                var entries = index.Entries.ToArray();
                string name = LinearMapRules.IndexName(entries);
                return new LeafRule(name, () => LinearMapRules.IndexConstruction(name, entries), (input, _) => LinearMapRules.Index(name, input, entries));
            }
            case ImageResizeNode resize:
            {
                var shape = resize.Shape.ToArray();
                string name = LinearMapRules.ImageResizeName(shape, resize.Method, resize.Antialias);
                return new LeafRule(name, () => LinearMapRules.ImageResizeConstruction(name, shape, resize.Method),
                    (input, _) => LinearMapRules.ImageResize(name, input, shape, resize.Method),
                    inputForm: LinearMapRules.ImageResizeNeedsFull(shape, resize.Method) ? SpatialForm.Full : null);
            }
            case DotGeneralNode dot:
            {
                string name = LinearMapRules.DotGeneralName(dot.Axis, dot.Rows, dot.Columns, dot.Vector);
                return new LeafRule(name, () => LinearMapRules.DotGeneralConstruction(name, dot.Rows, dot.Columns, dot.Axis, dot.Vector),
                    (input, _) => LinearMapRules.DotGeneral(name, input, dot.Rows, dot.Columns, dot.Axis, dot.Vector),
                    inputForm: LinearMapRules.DotGeneralNeedsFull(dot.Weights.ToArray(), dot.Rows, dot.Columns) ? SpatialForm.Full : null);
            }
            case PoolNode pool:
            {
                string name = LayerNames.Pool(pool.Average, pool.Window.ToArray(), pool.Strides.ToArray(), pool.Padding);
                RuleResult Rule(BranchSignature[] input) => SpatialRules.Pool(name, input, pool.Window.ToArray(), pool.Strides.ToArray(), pool.Padding);
                return new LeafRule(name, () => Rule(new[] { SpatialRules.Probe(pool.Window.ToArray()) }).Violation, (input, _) => Rule(input),
                    inputForm: CovarianceDemand.OfPooling);
            }
            case GlobalPoolNode global:
            {
                string name = LayerNames.GlobalPool(global.Average);
                return new LeafRule(name, () => null, (input, _) => SpatialRules.GlobalPool(name, input), inputForm: CovarianceDemand.OfPooling);
            }
            case GlobalSelfAttentionNode attention:
            {
                var settings = Settings(attention);
                string name = AttentionRules.Name(settings);
                return new LeafRule(name, () => AttentionRules.Check(name, settings)?.Violation,
                    (input, forKernel) => AttentionRules.Rule(name, input, settings, forKernel),
                    input => AttentionParameters(attention, input[0]), inputForm: SpatialForm.Full);
            }
            case AggregateNode aggregate:
            {
                var axes = aggregate.AggregateAxes?.ToArray();
                string name = GraphRules.Name(axes);
                return new LeafRule(name, () => GraphRules.AggregateAxes(name, axes)?.Violation, (input, _) => GraphRules.Aggregate(name, input, axes),
                    inputForm: CovarianceDemand.OfAggregate);
            }
            case LayerNormNode norm when norm.Axes is { } axes:
            {
                string name = LayerNormAxesRules.Name(axes.ToArray(), norm.Epsilon);
                return new LeafRule(name,
                    () => LayerNormAxesRules.Axes(name, axes.ToArray())?.Violation
                        ?? NormalizationRules.LayerNorm(name, Probe(gaussian: true), norm.Epsilon, forKernel: false).Violation,
                    (input, forKernel) => LayerNormAxesRules.LayerNorm(name, input, axes.ToArray(), norm.Epsilon, forKernel, out _));
            }
            case LayerNormNode norm:
            {
                string name = LayerNames.LayerNorm(norm.Epsilon);
                return new LeafRule(name, () => NormalizationRules.LayerNorm(name, Probe(gaussian: true), norm.Epsilon, forKernel: false).Violation,
                    (input, forKernel) => NormalizationRules.LayerNorm(name, input, norm.Epsilon, forKernel));
            }
            case DropoutNode dropout:
            {
                string name = DropoutRules.Name(dropout.Rate, dropout.Train);
                return new LeafRule(name, () => DropoutRules.Dropout(name, Probe(gaussian: true), dropout.Rate, dropout.Train).Violation,
                    (input, _) => DropoutRules.Dropout(name, input, dropout.Rate, dropout.Train));
            }
            default:
                return null;
        }
    }

    /// <summary>The output width of an affine layer: the standard parameterization multiplies it by s1.</summary>
    private static long Width(int outChannels, bool standard, int widthScaleOut) => standard ? (long)outChannels * widthScaleOut : outChannels;

    private static long Product(EquatableArray<int> values) => values.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shared rules' view of an attention node (no decay function: the model cannot hold one).</summary>
    private static AttentionSettings Settings(GlobalSelfAttentionNode a) => new(a.OutChannels, a.KeyChannels, a.ValueChannels, a.Heads, a.LinearScaling,
        a.WKeyStd, a.WValueStd, a.WQueryStd, a.WOutStd, a.BStd, a.Mechanism, a.PositionalEmbedding, a.PosEmbPNorm, hasDecay: false,
        a.PosEmbChannels, a.WPosEmbStd, a.ValuePosEmb);

    /// <summary>
    /// Attention's parameter count for an input (batch, spatial…, C): W_K (and W_Q without linear scaling) C̃·heads·d_key,
    /// W_V C_v·heads·d_val, W_out heads·d_val·n_out, the bias, and the embeddings S·C_pe.
    /// </summary>
    private static long AttentionParameters(GlobalSelfAttentionNode a, BranchSignature input)
    {
        long positions = CovarianceDemand.Positions(input.Shape);
        int channels = input.Channels;
        bool embedded = a.PositionalEmbedding != PositionalEmbeddingKind.None;
        long embedding = embedded ? a.PosEmbChannels ?? channels : 0;
        long keyInput = a.PositionalEmbedding == PositionalEmbeddingKind.Concat ? channels + embedding : channels;
        long valueInput = embedded && a.ValuePosEmb ? keyInput : channels;
        long keys = keyInput * a.Heads * a.KeyChannels * (a.LinearScaling ? 1 : 2);
        return keys + valueInput * a.Heads * a.ValueChannels + (long)a.Heads * a.ValueChannels * a.OutChannels
            + (a.BStd is null ? 0 : a.OutChannels) + positions * embedding;
    }
}
