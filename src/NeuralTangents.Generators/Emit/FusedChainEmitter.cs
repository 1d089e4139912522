using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;

namespace NeuralTangents.Generators.Emit;

/// <summary>
/// Writes a layer tree of pointwise layers as one <c>IFusedChain</c> struct: <c>Variances</c> carries an item's
/// variance through every layer (recording what each nonlinearity needs), <c>Entry</c> carries one kernel entry.
/// Each layer's arithmetic is written as the runtime's kernels compute it (same operations, same order), with its
/// constants as literals, so fused and interpreted kernels agree to rounding; branches become local variables.
/// </summary>
internal sealed class FusedChainEmitter
{
    /// <summary>The generated struct's name.</summary>
    public const string StructName = "FusedChain";

    /// <summary>The struct of per-item variances nested in it.</summary>
    public const string VariancesName = "ItemVariances";

    private const string Duals = "global::NeuralTangents.Fusion.Duals.";
    private readonly IReadOnlyDictionary<string, LayerFacts> _facts;
    private readonly SourceWriter _writer;
    private readonly bool _entries;
    private readonly bool _float32;
    private int _slots;
    private int _variables;

    private FusedChainEmitter(SourceWriter writer, IReadOnlyDictionary<string, LayerFacts> facts, bool entries, bool float32)
    {
        _writer = writer;
        _facts = facts;
        _entries = entries;
        _float32 = float32;
    }

    /// <summary>Writes the chain struct for <paramref name="root"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="root">The layer tree.</param>
    /// <param name="facts">The validated facts of every node (input channels for Dense and FanInConcat).</param>
    /// <param name="float32">
    /// Whether values are rounded to float after every layer, where the interpreted float32 path stores them, so
    /// that both compute the same float32 recursion (near ρ = 1 the arc-cosine kernels amplify a rounding
    /// difference of the inputs by orders of magnitude, so keeping double in registers would not agree).
    /// </param>
    public static void Write(SourceWriter writer, LayerNode root, IEnumerable<LayerFacts> facts, bool float32)
    {
        var byPath = facts.ToDictionary(f => f.Path);
        var variances = new SourceWriter();
        var varianceWalker = new FusedChainEmitter(variances, byPath, entries: false, float32);
        var entry = new SourceWriter();
        var entryWalker = new FusedChainEmitter(entry, byPath, entries: true, float32);

        writer.Line("/// <summary>");
        writer.Line("/// The whole kernel rule of this network as one fused chain: every (x1ᵢ, x2ⱼ) entry is read once, carried");
        writer.Line("/// through all layers in registers and written once (nngp and ntk), with the layers' constants as literals.");
        writer.Line("/// </summary>");
        writer.Open($"internal readonly struct {StructName} : global::NeuralTangents.Fusion.IFusedChain<{StructName}.{VariancesName}>");

        // Walk once to number the variance slots, then write the struct with them.
        string q = varianceWalker.Walk(root, new[] { "q0" }, "")[0];
        var kt = entryWalker.Walk(root, new[] { "k0|t0" }, "")[0].Split('|');

        writer.Line("/// <summary>The variances of one item entering each nonlinearity, and at the output.</summary>");
        writer.Open($"public struct {VariancesName}");
        for (int slot = 0; slot < varianceWalker._slots; slot++)
        {
            writer.Line($"/// <summary>The variance entering nonlinearity {slot}.</summary>");
            writer.Line($"public double Q{slot};");
            writer.Line();
        }
        writer.Line("/// <summary>The variance at the output.</summary>");
        writer.Line("public double Output;");
        writer.Close();
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Open($"public {VariancesName} Variances(double inputVariance)");
        writer.Line($"var v = default({VariancesName});");
        writer.Line("double q0 = inputVariance;");
        Append(writer, variances);
        writer.Line($"v.Output = {q};");
        writer.Line("return v;");
        writer.Close();
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Line($"public double OutputVariance({VariancesName} variances) => variances.Output;");
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Open($"public global::NeuralTangents.Fusion.FusedEntry Entry(double nngp, double ntk, {VariancesName} row, {VariancesName} column)");
        writer.Line("double k0 = nngp, t0 = ntk;");
        if (entryWalker._slots > 0) writer.Line("global::NeuralTangents.Fusion.FusedEntry e;");
        Append(writer, entry);
        writer.Line($"return new global::NeuralTangents.Fusion.FusedEntry({kt[0]}, {kt[1]});");
        writer.Close();
        writer.Close();
    }

    private static void Append(SourceWriter writer, SourceWriter body)
    {
        foreach (var line in body.ToString().Split('\n'))
            if (line.Length > 0) writer.Line(line);
    }

    /// <summary>Emits <paramref name="node"/> on the branches (variable names) and returns the output branches.</summary>
    private string[] Walk(LayerNode node, string[] branches, string path)
    {
        switch (node)
        {
            case SerialNode serial:
                for (int i = 0; i < serial.Layers.Count; i++) branches = Walk(serial.Layers[i], branches, StaxExpressionEmitter.Child(path, i));
                return branches;
            case RepeatNode repeat:
                for (int i = 0; i < repeat.Count; i++) branches = Walk(repeat.Block, branches, StaxExpressionEmitter.Child(path, i));
                return branches;
            case ParallelNode parallel:
                return parallel.Layers.Select((layer, i) => Walk(layer, new[] { branches[i] }, StaxExpressionEmitter.Child(path, i))[0]).ToArray();
        }

        Comment(node, path);
        switch (node)
        {
            case DenseNode dense:
                Dense(dense, branches[0], _facts[path].InputChannels[0]);
                return branches;
            case ActivationNode activation:
                Activation(activation, branches[0]);
                return branches;
            case FanOutNode fanOut:
                return Enumerable.Range(0, fanOut.Count).Select(i => i == 0 ? branches[0] : Copy(branches[0])).ToArray();
            case FanInSumNode:
                // As the runtime's Combine(sum, branch, 1, 1, 0): sum ← 1·branch + 1·sum + 0.
                for (int b = 1; b < branches.Length; b++) Each(branches[0], branches[b], (x, y) => $"1d * {y} + 1d * {x} + 0d");
                return new[] { branches[0] };
            case FanInProdNode:
                for (int b = 1; b < branches.Length; b++) Product(branches[0], branches[b]);
                return new[] { branches[0] };
            case FanInConcatNode:
                Concat(branches, _facts[path].InputChannels);
                return new[] { branches[0] };
            case IdentityNode:
            case FlattenNode:
                // Fully-connected activations: nothing to do (Flatten of a rank-2 activation is the identity).
                return branches;
            default:
                throw new System.NotSupportedException($"{node.GetType().Name} is not a pointwise layer.");
        }
    }

    private void Comment(LayerNode node, string path) => _writer.Line($"// layer {path}: {Literals.Comment(NodeNames.Of(node))}");

    private void Dense(DenseNode dense, string branch, int inputChannels)
    {
        double w2 = dense.WStd * dense.WStd, b2 = dense.BStd is double b ? b * b : 0;
        void affine(string x) => Assign(x, $"{Literals.Double(w2)} * {x} + {Literals.Double(b2)}");
        if (!_entries)
        {
            affine(branch);
            return;
        }
        var (k, t) = Split(branch);
        if (dense.Standard)
        {
            // Standard parameterization: Θ' = n·K + W_std²·Θ (+1 with a bias), n = n_in/s0, before K' = W_std²·K + b_std².
            double width = (double)inputChannels / dense.WidthScaleIn;
            Assign(t, $"{Literals.Double(width)} * {k} + {Literals.Double(w2)} * {t} + {Literals.Double(dense.BStd is null ? 0 : 1)}");
            affine(k);
        }
        else
        {
            // NTK parameterization: K' = W_std²·K + b_std², then Θ' = K' + W_std²·Θ.
            affine(k);
            Assign(t, $"1d * {k} + {Literals.Double(w2)} * {t} + 0d");
        }
    }

    private void Activation(ActivationNode node, string branch)
    {
        var spec = ActivationCatalog.Get(node.Kind);
        string arguments = string.Concat(DualsArguments(node).Select(a => a + ", "));
        int slot = _slots++;
        if (!_entries)
        {
            _writer.Line($"v.Q{slot} = {branch};");
            Assign(branch, $"{Duals}{spec.Method}Variance({arguments}{branch})");
            return;
        }
        var (k, t) = Split(branch);
        _writer.Line($"e = {Duals}{spec.Method}({arguments}{k}, {t}, row.Q{slot}, column.Q{slot});");
        Assign(k, "e.Nngp");
        Assign(t, "e.Ntk");
    }

    /// <summary>The hyperparameters as the <c>Duals</c> functions take them (Polynomial: count, then eight coefficients).</summary>
    private static IEnumerable<string> DualsArguments(ActivationNode node)
    {
        var spec = ActivationCatalog.Get(node.Kind);
        for (int i = 0; i < spec.Parameters.Count; i++)
        {
            switch (spec.Parameters[i].Type)
            {
                case ArgumentType.DoubleArray:
                    var coefficients = node.Arguments.Skip(i).ToList();
                    yield return Literals.Int(coefficients.Count);
                    for (int c = 0; c < 8; c++) yield return Literals.Double(c < coefficients.Count ? coefficients[c] : 0);
                    yield break;
                case ArgumentType.Int:
                    yield return Literals.Int((int)node.Arguments[i]);
                    break;
                case ArgumentType.Bool:
                    yield return Literals.Bool(node.Arguments[i] != 0);
                    break;
                default:
                    yield return Literals.Double(node.Arguments[i]);
                    break;
            }
        }
    }

    private void Product(string target, string other)
    {
        if (!_entries)
        {
            // Variances of independent branches multiply.
            Assign(target, $"{target} * {other}");
            return;
        }
        var (ka, ta) = Split(target);
        var (kb, tb) = Split(other);
        // Product rule, as the runtime: Θa ← Θa·Kb + Θb·Ka, then Ka ← Ka·Kb.
        Assign(ta, $"{ta} * {kb} + {tb} * {ka}");
        Assign(ka, $"{ka} * {kb}");
    }

    private void Concat(string[] branches, EquatableArray<int> channels)
    {
        // Channel-weighted average, as the runtime: the first branch scaled, then each other added with its weight.
        double total = channels.Sum(c => (double)c);
        Each(branches[0], branches[0], (x, _) => $"{Literals.Double(channels[0] / total)} * {x} + 0d");
        for (int b = 1; b < branches.Length; b++)
        {
            double weight = channels[b] / total;
            Each(branches[0], branches[b], (x, y) => $"{Literals.Double(weight)} * {y} + 1d * {x} + 0d");
        }
    }

    /// <summary>Assigns <paramref name="expression"/> to each kernel quantity of a branch (nngp and ntk, or the variance), given the other branch's.</summary>
    private void Each(string target, string other, System.Func<string, string, string> expression)
    {
        if (!_entries)
        {
            Assign(target, expression(target, other));
            return;
        }
        var (ka, ta) = Split(target);
        var (kb, tb) = Split(other);
        Assign(ka, expression(ka, kb));
        Assign(ta, expression(ta, tb));
    }

    /// <summary>target = expression, rounded to float where the interpreted float32 path stores the value.</summary>
    private void Assign(string target, string expression) =>
        _writer.Line(_float32 ? $"{target} = (float)({expression});" : $"{target} = {expression};");

    private string Copy(string branch)
    {
        int index = ++_variables;
        if (!_entries)
        {
            _writer.Line($"double q{index} = {branch};");
            return $"q{index}";
        }
        var (k, t) = Split(branch);
        _writer.Line($"double k{index} = {k}, t{index} = {t};");
        return $"k{index}|t{index}";
    }

    private static (string K, string T) Split(string branch)
    {
        var parts = branch.Split('|');
        return (parts[0], parts[1]);
    }
}
