using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Attention;

/// <summary>
/// Multi-head dot-product self-attention over all spatial positions (Neural Tangents' <c>GlobalSelfAttention</c>,
/// NTK parameterization). Per item, with x the (S, C) input flattened over positions and x̃ the keys' input
/// (x, x + E or [x, E] for the positional embeddings E = W_pos_emb_std·L·P):
/// per head h, K = x̃·W_K, Q = K (linear scaling: tied) or x̃·W_Q, V = x_v·W_V (x_v = x̃ when values see the
/// embeddings, else x), logits = QK_std/(C̃·d_key^κ)·Q·Kᵀ (κ = 1 linear, ½ otherwise), A = φ(logits) over the keys,
/// heads A·V concatenated, y = OV_std/√(n_heads·d_val·C_v)·heads·W_out + b_std·b. All weights are standard normal.
/// The kernel needs the full covariance of its input (it mixes every pair of positions).
/// </summary>
/// <remarks>
/// Parameters (one node): [W_Q (C̃, heads, d_key) only without linear scaling], W_K (C̃, heads, d_key),
/// W_V (C_v, heads, d_val), W_out (heads·d_val, n_chan_out), [b (n_chan_out) with a bias], [P (spatial…, C_pe) with
/// embeddings]. The backward pass reports each projection to the sinks as an affine map (keys, queries and values
/// with scale 1, the output with its scale and the bias, the embeddings as y = W_pos_emb_std·L·P with input L).
/// </remarks>
internal sealed partial class GlobalSelfAttention : LayerBase
{
    private readonly Func<double, double>? _decay;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double[]> _factors = new();

    // R by spatial shape: the kernel rule needs it on every tile. Shared read-only by every tile and thread.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double[]> _positionalCovariances = new();

    public GlobalSelfAttention(AttentionSettings settings, Func<double, double>? decay)
    {
        Settings = settings;
        _decay = decay;
        Name = AttentionRules.Name(settings);
        Validation.Guard.ThrowIfInvalid(AttentionRules.Check(Name, settings));
    }

    public AttentionSettings Settings { get; }

    public override string Name { get; }

    private bool Tied => Settings.LinearScaling;

    private bool HasEmbedding => Settings.PositionalEmbedding != PositionalEmbeddingKind.None;

    private bool ValuesEmbedded => HasEmbedding && Settings.ValuePosEmb;

    private int KeyWidth => Settings.Heads * Settings.KeyChannels;

    private int ValueWidth => Settings.Heads * Settings.ValueChannels;

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel)
    {
        if (forKernel && AttentionRules.KernelClosedForm(Name, Settings) is { Violation: { } violation })
            throw new NotSupportedException(violation.Id + ": " + violation.Message);
        return AttentionRules.Rule(Name, input, Settings, forKernel);
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) => new[] { SpatialForm.Full };

    /// <summary>
    /// Masks are not wired yet: zeroing masked inputs is not enough here, since masked keys must also leave the
    /// attention (logit −1e20 for softmax, weight 0 otherwise, in <see cref="AttentionWeights"/> and the kernel's
    /// weights), so masked inputs are refused rather than given a silently different kernel.
    /// </summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) => throw MasksNotSupported();

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        var g = GeometryOf(input[0].Shape);
        var tensors = new List<Tensor<T>>();
        if (!Tied) tensors.Add(Normal<T>(key.Child(0), g.KeyInputChannels, Settings.Heads, Settings.KeyChannels));
        tensors.Add(Normal<T>(key.Child(1), g.KeyInputChannels, Settings.Heads, Settings.KeyChannels));
        tensors.Add(Normal<T>(key.Child(2), g.ValueInputChannels, Settings.Heads, Settings.ValueChannels));
        tensors.Add(Normal<T>(key.Child(3), ValueWidth, Settings.OutChannels));
        if (Settings.BStd is not null) tensors.Add(Normal<T>(key.Child(4), Settings.OutChannels));
        if (HasEmbedding) tensors.Add(Normal<T>(key.Child(5), g.Spatial.Append(g.EmbeddingChannels).ToArray()));
        return new Parameters<T>(Name, tensors, Array.Empty<Parameters<T>>());
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var g = GeometryOf(x[0].Shape);
        var p = PartsOf(parameters, g);
        var flat = x[0].Reshape(g.Items, g.Positions, g.Channels);
        var factor = HasEmbedding ? EmbeddingFactor<T>(g) : null;
        var embedding = factor is null ? null : Embedding(factor, p.Embedding!, g);
        var keysInput = KeysInput(flat, embedding, g);
        var valuesInput = ValuesEmbedded ? keysInput : flat;
        var keys = TensorMath.MatMulLastAxis(keysInput, p.Key, 1);
        var queries = Tied ? keys : TensorMath.MatMulLastAxis(keysInput, p.Query!, 1);
        var values = TensorMath.MatMulLastAxis(valuesInput, p.Value, 1);
        var logits = Logits(queries, keys, g);
        var weights = new T[logits.Length];
        AttentionWeights.Apply<T>(Settings.Mechanism, logits, weights, g.Positions);
        var heads = Heads(weights, values, g);
        var y = Output(heads, p, g);
        residual = new Residual<T>(g, factor, keysInput, valuesInput, queries, keys, values, logits, weights, heads);
        return new[] { y };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var r = (Residual<T>)residual!;
        var g = r.Geometry;
        var p = PartsOf(parameters, g);
        int rows = cotangent[0].Dim(0), repeat = context.Repeat, s = g.Positions;
        int dk = Settings.KeyChannels, dv = Settings.ValueChannels, heads = Settings.Heads;
        var dy = cotangent[0].Reshape(rows, s, Settings.OutChannels);
        var sink = context.Sink;
        sink?.OnAffine(this, Node(parameters, p.Out, p.Bias), r.Heads, dy, OutScale(g), Settings.BStd);
        var dHeads = TensorMath.MatMulTransposedLastAxis(dy, p.Out, OutScale(g));

        var dValues = Tensor<T>.Zeros(rows, s, ValueWidth);
        var dKeys = Tensor<T>.Zeros(rows, s, KeyWidth);
        var dQueries = Tied ? null : Tensor<T>.Zeros(rows, s, KeyWidth);
        var dWeights = new T[s * s];
        var dLogits = new T[s * s];
        var scale = T.CreateTruncating(LogitScale(g));
        for (int row = 0; row < rows; row++)
        {
            int item = row / repeat;
            for (int h = 0; h < heads; h++)
            {
                int matrix = (item * heads + h) * s * s;
                var a = r.Weights.AsSpan(matrix, s * s);
                var dHead = dHeads.Data.AsSpan(row * s * ValueWidth + h * dv);
                var value = r.Values.Data.AsSpan(item * s * ValueWidth + h * dv);
                Blas.Gemm(false, true, s, s, dv, T.One, dHead, ValueWidth, value, ValueWidth, T.Zero, dWeights, s);
                Blas.Gemm(true, false, s, dv, s, T.One, a, s, dHead, ValueWidth, T.Zero, dValues.Data.AsSpan(row * s * ValueWidth + h * dv), ValueWidth);
                AttentionWeights.Backward<T>(Settings.Mechanism, r.Logits.AsSpan(matrix, s * s), a, dWeights, dLogits, s);
                var key = r.Keys.Data.AsSpan(item * s * KeyWidth + h * dk);
                var query = r.Queries.Data.AsSpan(item * s * KeyWidth + h * dk);
                var dKey = dKeys.Data.AsSpan(row * s * KeyWidth + h * dk);
                // logits = c·Q·Kᵀ: dQ = c·dl·K, dK = c·dlᵀ·Q (tied: both land on K).
                Blas.Gemm(true, false, s, dk, s, scale, dLogits, s, query, KeyWidth, T.Zero, dKey, KeyWidth);
                if (Tied) Blas.Gemm(false, false, s, dk, s, scale, dLogits, s, key, KeyWidth, T.One, dKey, KeyWidth);
                else Blas.Gemm(false, false, s, dk, s, scale, dLogits, s, key, KeyWidth, T.Zero, dQueries!.Data.AsSpan(row * s * KeyWidth + h * dk), KeyWidth);
            }
        }
        sink?.OnAffine(this, Node(parameters, p.Value, null), r.ValuesInput, dValues, 1, null);
        sink?.OnAffine(this, Node(parameters, p.Key, null), r.KeysInput, dKeys, 1, null);
        if (dQueries is not null) sink?.OnAffine(this, Node(parameters, p.Query!, null), r.KeysInput, dQueries, 1, null);

        var dKeysInput = TensorMath.MatMulTransposedLastAxis(dKeys, p.Key, 1);
        if (dQueries is not null) dKeysInput = TensorMath.Add(dKeysInput, TensorMath.MatMulTransposedLastAxis(dQueries, p.Query!, 1));
        var dValuesInput = TensorMath.MatMulTransposedLastAxis(dValues, p.Value, 1);
        if (ValuesEmbedded) dKeysInput = TensorMath.Add(dKeysInput, dValuesInput);
        var (dx, dEmbedding) = SplitKeysInput(dKeysInput, g);
        if (!ValuesEmbedded) dx = TensorMath.Add(dx, dValuesInput);
        if (dEmbedding is not null && sink is not null)
            sink.OnAffine(this, Node(parameters, p.Embedding!, null), Broadcast(r.EmbeddingFactor!, g), dEmbedding, Settings.WPosEmbStd, null);
        var shape = (int[])g.InputShape.Clone();
        shape[0] = rows;
        return new[] { dx.Reshape(shape) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        AttentionTiles.Apply(engine, tile, KernelConstants(tile.Signature.Shape));
        tile.Signature = output;
        return new[] { tile };
    }

    /// <summary>The constants of the kernel rule for inputs of <paramref name="shape"/> (nt-math §10).</summary>
    internal AttentionKernelConstants KernelConstants(int[] shape)
    {
        var g = GeometryOf(shape);
        double inputWeight = 1, positionalWeight = HasEmbedding ? Settings.WPosEmbStd * Settings.WPosEmbStd : 0;
        if (Settings.PositionalEmbedding == PositionalEmbeddingKind.Concat)
        {
            // Keys and values normalize by all C + C_pe channels (NTK parameterization), so each part counts by its share.
            double total = g.Channels + g.EmbeddingChannels;
            inputWeight = g.Channels / total;
            positionalWeight *= g.EmbeddingChannels / total;
        }
        var positional = _positionalCovariances.GetOrAdd(Shapes.Format(g.Spatial), _ => PositionalCovariance.Matrix(g.Spatial, Settings.PosEmbPNorm, _decay, Name));
        double b2 = Settings.BStd is double b ? b * b : 0;
        return new AttentionKernelConstants(Settings.LinearScaling, (int)Settings.Mechanism, Settings.WQueryStd * Settings.WKeyStd,
            Settings.WOutStd * Settings.WValueStd, b2, inputWeight, positionalWeight, ValuesEmbedded, positional);
    }

    /// <summary>QK_std / (C̃·d_key^κ).</summary>
    private double LogitScale(Geometry g) =>
        Settings.WQueryStd * Settings.WKeyStd / (g.KeyInputChannels * (Tied ? Settings.KeyChannels : Math.Sqrt(Settings.KeyChannels)));

    /// <summary>OV_std / √(heads·d_val·C_v).</summary>
    private double OutScale(Geometry g) =>
        Settings.WOutStd * Settings.WValueStd / Math.Sqrt((double)ValueWidth * g.ValueInputChannels);

    private Geometry GeometryOf(int[] shape)
    {
        if (shape.Length < 3)
            throw new ArgumentException($"{Name} expects inputs of rank at least 3 (batch, spatial…, channels), got shape {Shapes.Format(shape)}.", "x");
        var spatial = shape[1..^1];
        int positions = spatial.Aggregate(1, (a, b) => a * b), channels = shape[^1];
        int embedding = HasEmbedding ? Settings.PosEmbChannels ?? channels : 0;
        int keyInput = Settings.PositionalEmbedding == PositionalEmbeddingKind.Concat ? channels + embedding : channels;
        int valueInput = ValuesEmbedded ? keyInput : channels;
        return new Geometry(shape, shape[0], spatial, positions, channels, embedding, keyInput, valueInput);
    }

    /// <summary>The parameter tensors by role, after checking that they are this layer's and fit the input.</summary>
    private Parts<T> PartsOf<T>(Parameters<T> parameters, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = new List<(string Role, int[] Shape)>();
        if (!Tied) expected.Add(("W_Q", new[] { g.KeyInputChannels, Settings.Heads, Settings.KeyChannels }));
        expected.Add(("W_K", new[] { g.KeyInputChannels, Settings.Heads, Settings.KeyChannels }));
        expected.Add(("W_V", new[] { g.ValueInputChannels, Settings.Heads, Settings.ValueChannels }));
        expected.Add(("W_out", new[] { ValueWidth, Settings.OutChannels }));
        if (Settings.BStd is not null) expected.Add(("b", new[] { Settings.OutChannels }));
        if (HasEmbedding) expected.Add(("P", g.Spatial.Append(g.EmbeddingChannels).ToArray()));
        string roles = string.Join(", ", expected.Select(e => e.Role));
        if (parameters.Tensors.Count != expected.Count)
            throw new ArgumentException(
                $"{Name} needs {expected.Count} tensors ({roles}) but the parameters passed for it hold {parameters.Tensors.Count}; pass the parameters Init returned for this network.",
                nameof(parameters));
        for (int i = 0; i < expected.Count; i++)
            if (!parameters.Tensors[i].Shape.SequenceEqual(expected[i].Shape))
                throw new ArgumentException(
                    $"{Name} on input shape {Shapes.Format(g.InputShape)} needs {expected[i].Role} of shape {Shapes.Format(expected[i].Shape)} but the parameters hold shape {parameters.Tensors[i].ShapeText}; pass the parameters Init returned for this network (for inputs of this shape).",
                    nameof(parameters));
        int t = 0;
        var query = Tied ? null : parameters.Tensors[t++].Reshape(g.KeyInputChannels, KeyWidth);
        var key = parameters.Tensors[t++].Reshape(g.KeyInputChannels, KeyWidth);
        var value = parameters.Tensors[t++].Reshape(g.ValueInputChannels, ValueWidth);
        var output = parameters.Tensors[t++];
        var bias = Settings.BStd is null ? null : parameters.Tensors[t++];
        var embedding = HasEmbedding ? parameters.Tensors[t].Reshape(g.Positions, g.EmbeddingChannels) : null;
        return new Parts<T>(query, key, value, output, bias, embedding);
    }

    /// <summary>L (S×S) in the storage precision: the identity without a decay function, else the Cholesky factor of R.</summary>
    private T[] EmbeddingFactor<T>(Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The factor depends only on the spatial shape; Monte Carlo applies the layer thousands of times.
        var factor = _factors.GetOrAdd(Shapes.Format(g.Spatial), _ => PositionalCovariance.Factor(g.Spatial, Settings.PosEmbPNorm, _decay, Name));
        return factor.Select(T.CreateTruncating).ToArray();
    }

    /// <summary>E = W_pos_emb_std·L·P, (S, C_pe).</summary>
    private Tensor<T> Embedding<T>(T[] factor, Tensor<T> embedding, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = Tensor<T>.Zeros(g.Positions, g.EmbeddingChannels);
        Blas.Gemm(false, false, g.Positions, g.EmbeddingChannels, g.Positions, T.CreateTruncating(Settings.WPosEmbStd),
            factor, g.Positions, embedding.Data, g.EmbeddingChannels, T.Zero, e.Data, g.EmbeddingChannels);
        return e;
    }

    /// <summary>x̃: x (no embeddings), x + E (SUM) or [x, E] (CONCAT), (items, S, C̃).</summary>
    private Tensor<T> KeysInput<T>(Tensor<T> flat, Tensor<T>? embedding, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (embedding is null) return flat;
        var broadcast = Tensor<T>.Zeros(g.Items, g.Positions, g.EmbeddingChannels);
        for (int n = 0; n < g.Items; n++) embedding.Data.CopyTo(broadcast.Data, n * embedding.Length);
        return Settings.PositionalEmbedding == PositionalEmbeddingKind.Sum
            ? TensorMath.Add(flat, broadcast)
            : TensorMath.ConcatLastAxis(new[] { flat, broadcast });
    }

    /// <summary>Splits a cotangent of x̃ into its parts for x and for E (null without embeddings).</summary>
    private (Tensor<T> Input, Tensor<T>? Embedding) SplitKeysInput<T>(Tensor<T> dKeysInput, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (Settings.PositionalEmbedding)
        {
            case PositionalEmbeddingKind.Sum:
                return (dKeysInput, dKeysInput);
            case PositionalEmbeddingKind.Concat:
                var parts = TensorMath.SplitLastAxis(dKeysInput, new[] { g.Channels, g.EmbeddingChannels });
                return (parts[0], parts[1]);
            default:
                return (dKeysInput, null);
        }
    }

    /// <summary>logits[item, head] = c·Q·Kᵀ (S×S each), item-major then head.</summary>
    private T[] Logits<T>(Tensor<T> queries, Tensor<T> keys, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int s = g.Positions, dk = Settings.KeyChannels, heads = Settings.Heads;
        var logits = new T[g.Items * heads * s * s];
        var scale = T.CreateTruncating(LogitScale(g));
        for (int n = 0; n < g.Items; n++)
            for (int h = 0; h < heads; h++)
                Blas.Gemm(false, true, s, s, dk, scale, queries.Data.AsSpan(n * s * KeyWidth + h * dk), KeyWidth,
                    keys.Data.AsSpan(n * s * KeyWidth + h * dk), KeyWidth, T.Zero, logits.AsSpan((n * heads + h) * s * s, s * s), s);
        return logits;
    }

    /// <summary>heads[item, :, h·d_val …] = A[item, h]·V[item, h], (items, S, heads·d_val).</summary>
    private Tensor<T> Heads<T>(T[] weights, Tensor<T> values, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int s = g.Positions, dv = Settings.ValueChannels, heads = Settings.Heads;
        var result = Tensor<T>.Zeros(g.Items, s, ValueWidth);
        for (int n = 0; n < g.Items; n++)
            for (int h = 0; h < heads; h++)
                Blas.Gemm(false, false, s, dv, s, T.One, weights.AsSpan((n * heads + h) * s * s, s * s), s,
                    values.Data.AsSpan(n * s * ValueWidth + h * dv), ValueWidth, T.Zero, result.Data.AsSpan(n * s * ValueWidth + h * dv), ValueWidth);
        return result;
    }

    /// <summary>y = OV_std/√(heads·d_val·C_v)·heads·W_out + b_std·b, in the input's spatial shape.</summary>
    private Tensor<T> Output<T>(Tensor<T> heads, Parts<T> p, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = TensorMath.MatMulLastAxis(heads, p.Out, OutScale(g));
        if (Settings.BStd is double b) TensorMath.AddBias(y, p.Bias!, b);
        return y.Reshape(Shapes.WithChannels(g.InputShape, Settings.OutChannels));
    }

    /// <summary>L repeated for every item: the "input" of the affine map P ↦ W_pos_emb_std·L·P as the sinks see it.</summary>
    private static Tensor<T> Broadcast<T>(T[] factor, Geometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Tensor<T>.Zeros(g.Items, g.Positions, g.Positions);
        for (int n = 0; n < g.Items; n++) factor.CopyTo(result.Data, n * factor.Length);
        return result;
    }

    /// <summary>A node holding one projection's tensors (the same tensor objects, so sinks file gradients under them).</summary>
    private Parameters<T> Node<T>(Parameters<T> parameters, Tensor<T> weight, Tensor<T>? bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var original = parameters.Tensors.First(t => ReferenceEquals(t.Data, weight.Data));
        var tensors = bias is null ? new[] { original } : new[] { original, bias };
        return new Parameters<T>(parameters.Layer, tensors, Array.Empty<Parameters<T>>());
    }

    private static Tensor<T> Normal<T>(PrngKey key, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensor = Tensor<T>.Zeros(shape);
        key.FillNormal(tensor.Data, 1.0);
        return tensor;
    }

    /// <summary>The sizes of one input: items, spatial axes and positions S, channels C, embedding channels C_pe, and the key and value input channels.</summary>
    private sealed record Geometry(int[] InputShape, int Items, int[] Spatial, int Positions, int Channels, int EmbeddingChannels, int KeyInputChannels, int ValueInputChannels);

    /// <summary>The parameter tensors as matrices: W_Q, W_K (C̃, heads·d_key), W_V (C_v, heads·d_val), W_out, b, P (S, C_pe).</summary>
    private sealed record Parts<T>(Tensor<T>? Query, Tensor<T> Key, Tensor<T> Value, Tensor<T> Out, Tensor<T>? Bias, Tensor<T>? Embedding)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>What the backward pass needs of the forward pass.</summary>
    private sealed record Residual<T>(Geometry Geometry, T[]? EmbeddingFactor, Tensor<T> KeysInput, Tensor<T> ValuesInput, Tensor<T> Queries,
        Tensor<T> Keys, Tensor<T> Values, T[] Logits, T[] Weights, Tensor<T> Heads) where T : unmanaged, IFloatingPointIeee754<T>;
}
