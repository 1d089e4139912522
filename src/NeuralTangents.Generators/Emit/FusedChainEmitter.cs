using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;

namespace NeuralTangents.Generators.Emit;

/// <summary>
/// Writes a layer tree of pointwise layers as one fused chain struct: <c>Variances</c> carries an item's variance
/// through every layer (recording what each nonlinearity needs), <c>Entry</c> carries one kernel entry (the GPU
/// kernel's path) and <c>Entries</c> two vectors of entries of a row at once (the CPU's SIMD path, generic over the
/// vector width). Each layer's arithmetic
/// is written as the runtime's kernels compute it (same operations, same order), with its constants as literals,
/// so fused and interpreted kernels agree to rounding; branches become local variables.
/// </summary>
internal sealed class FusedChainEmitter
{
    /// <summary>The generated struct's name.</summary>
    public const string StructName = "FusedChain";

    /// <summary>The struct of per-item variances nested in it.</summary>
    public const string VariancesName = "ItemVariances";

    private const string CompilerServices = "global::NeuralTangents.CompilerServices.";
    /// <summary>Stands for the vector type in the SIMD body, which is written once and emitted for both widths.</summary>
    private const string Vector = "__VECTOR__";

    /// <summary>The SIMD widths: lanes, vector type, and the helper that broadcasts a constant.</summary>
    private static readonly (int Lanes, string Type, string Broadcast)[] Widths =
    {
        (4, "global::System.Runtime.Intrinsics.Vector256<double>", "C4"),
        (8, "global::System.Runtime.Intrinsics.Vector512<double>", "C8"),
    };

    private readonly IReadOnlyDictionary<string, LayerFacts> _facts;
    private readonly SourceWriter _writer;
    private readonly Mode _mode;
    private readonly bool _float32;
    private int _slots;
    private int _variables;

    private enum Mode
    {
        Variances,
        Entry,
        Entries,
    }

    private FusedChainEmitter(SourceWriter writer, IReadOnlyDictionary<string, LayerFacts> facts, Mode mode, bool float32)
    {
        _writer = writer;
        _facts = facts;
        _mode = mode;
        _float32 = float32;
    }

    /// <summary>Whether every layer of <paramref name="node"/> acts entry-wise on fully-connected kernels, so that one chain computes it.</summary>
    public static bool Supports(LayerNode node) => node switch
    {
        SerialNode serial => serial.Layers.All(Supports),
        ParallelNode parallel => parallel.Layers.All(Supports),
        RepeatNode repeat => Supports(repeat.Block),
        DenseNode or ActivationNode or FanOutNode or FanInSumNode or FanInProdNode or FanInConcatNode or IdentityNode or FlattenNode => true,
        _ => false,
    };

    /// <summary>Writes the chain struct for <paramref name="layers"/> applied in order (the whole network, or the pointwise tail of its root Serial).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="layers">The layers with their paths in the tree.</param>
    /// <param name="facts">The validated facts of every node (input channels for Dense and FanInConcat).</param>
    /// <param name="float32">
    /// Whether values are rounded to float after every layer, where the interpreted float32 path stores them, so
    /// that both compute the same float32 recursion (near ρ = 1 the arc-cosine kernels amplify a rounding
    /// difference of the inputs by orders of magnitude, so keeping double in registers would not agree).
    /// </param>
    /// <param name="tail">Whether the chain continues interpreted layers (the emitted summary says which).</param>
    public static void Write(SourceWriter writer, IReadOnlyList<(LayerNode Node, string Path)> layers, IEnumerable<LayerFacts> facts, bool float32, bool tail)
    {
        var byPath = facts.ToDictionary(f => f.Path);
        var bodies = new Dictionary<Mode, (SourceWriter Body, string[] Output, int Slots)>();
        foreach (var mode in new[] { Mode.Variances, Mode.Entry, Mode.Entries })
        {
            var body = new SourceWriter();
            var walker = new FusedChainEmitter(body, byPath, mode, float32);
            var branches = new[] { mode == Mode.Variances ? "q0" : "k0|t0" };
            foreach (var (node, path) in layers) branches = walker.Walk(node, branches, path);
            var output = branches[0].Split('|');
            bodies[mode] = (body, output, walker._slots);
        }
        int slots = bodies[Mode.Variances].Slots;

        writer.Line("/// <summary>");
        if (tail)
        {
            writer.Line($"/// The kernel rule of layers {layers[0].Path}… of this network as one fused chain, continuing the interpreted layers before");
            writer.Line("/// them: every (x1ᵢ, x2ⱼ) entry is read once, carried through these layers in registers and written once (nngp and");
            writer.Line("/// ntk), with the layers' constants as literals.");
        }
        else
        {
            writer.Line("/// The whole kernel rule of this network as one fused chain: every (x1ᵢ, x2ⱼ) entry is read once, carried");
            writer.Line("/// through all layers in registers and written once (nngp and ntk), with the layers' constants as literals.");
        }
        writer.Line("/// </summary>");
        writer.Open($"internal readonly struct {StructName} : {CompilerServices}IVectorizedChain<{StructName}.{VariancesName}>");

        writer.Line("/// <summary>The variances of one item entering each nonlinearity, and at the output.</summary>");
        writer.Open($"public struct {VariancesName}");
        for (int slot = 0; slot < slots; slot++)
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
        writer.Line($"public int Slots => {slots};");
        writer.Line();

        writer.Line("/// <inheritdoc />");
        if (slots == 0)
        {
            writer.Line($"public double SlotVariance({VariancesName} item, int slot) => throw new global::System.ArgumentOutOfRangeException(nameof(slot));");
        }
        else
        {
            writer.Line($"public double SlotVariance({VariancesName} item, int slot) => slot switch");
            writer.Line("{");
            for (int slot = 0; slot < slots; slot++) writer.Line($"    {slot} => item.Q{slot},");
            writer.Line("    _ => throw new global::System.ArgumentOutOfRangeException(nameof(slot)),");
            writer.Line("};");
        }
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Open($"public {VariancesName} Variances(double inputVariance)");
        writer.Line($"var v = default({VariancesName});");
        writer.Line("double q0 = inputVariance;");
        Append(writer, bodies[Mode.Variances].Body);
        writer.Line($"v.Output = {bodies[Mode.Variances].Output[0]};");
        writer.Line("return v;");
        writer.Close();
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Line($"public double OutputVariance({VariancesName} variances) => variances.Output;");
        writer.Line();

        writer.Line("/// <inheritdoc />");
        writer.Open($"public {CompilerServices}FusedEntry Entry(double nngp, double ntk, {VariancesName} row, {VariancesName} column)");
        writer.Line("double k0 = nngp, t0 = ntk;");
        if (slots > 0) writer.Line($"{CompilerServices}FusedEntry e;");
        Append(writer, bodies[Mode.Entry].Body);
        var entry = bodies[Mode.Entry].Output;
        writer.Line($"return new {CompilerServices}FusedEntry({entry[0]}, {entry[1]});");
        writer.Close();
        writer.Line();

        foreach (var (lanes, type, broadcast) in Widths)
        {
            writer.Line("/// <inheritdoc />");
            writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            writer.Open($"public {CompilerServices}VectorEntryPair<{type}> Entries({type} nngp0, {type} ntk0, global::System.ReadOnlySpan<{type}> columns0, " +
                $"{type} nngp1, {type} ntk1, global::System.ReadOnlySpan<{type}> columns1, {VariancesName} row)");
            writer.Line($"// Two independent vectors of {lanes} entries, statement by statement, so that their dependency chains overlap.");
            writer.Line($"{type} k0a = nngp0, t0a = ntk0, k0b = nngp1, t0b = ntk1;");
            if (slots > 0) writer.Line($"{CompilerServices}VectorEntry<{type}> ea, eb;");
            foreach (var line in bodies[Mode.Entries].Body.ToString().Split('\n'))
            {
                if (line.Length == 0) continue;
                string text = System.Text.RegularExpressions.Regex.Replace(line.Replace(Vector, type), @"\bC\(", broadcast + "(");
                if (text.TrimStart().StartsWith("//", System.StringComparison.Ordinal))
                {
                    writer.Line(text);
                    continue;
                }
                writer.Line(Group(text, "a", "0"));
                writer.Line(Group(text, "b", "1"));
            }
            var entries = bodies[Mode.Entries].Output;
            writer.Line($"return new {CompilerServices}VectorEntryPair<{type}>(new {CompilerServices}VectorEntry<{type}>({entries[0]}a, {entries[1]}a), " +
                $"new {CompilerServices}VectorEntry<{type}>({entries[0]}b, {entries[1]}b));");
            writer.Close();
            writer.Line();
        }

        foreach (var (_, type, broadcast) in Widths)
        {
            writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            writer.Line($"private static {type} {broadcast}(double value) => {type.Substring(0, type.IndexOf('<'))}.Create(value);");
            writer.Line();
        }
        if (float32)
        {
            foreach (var (lanes, type, _) in Widths)
            {
                writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
                writer.Line($"private static {type} R({type} value) => {CompilerServices}VectorDuals.RoundToSingle(value);");
                if (lanes != Widths[Widths.Length - 1].Lanes) writer.Line();
            }
        }
        writer.Close();
    }

    /// <summary>A statement of the SIMD body for one of the two groups: its locals and column variances renamed.</summary>
    private static string Group(string line, string suffix, string columns)
    {
        line = System.Text.RegularExpressions.Regex.Replace(line, @"\b([kt]\d+|e)\b", "$1" + suffix);
        return System.Text.RegularExpressions.Regex.Replace(line, @"\bcolumns\b", "columns" + columns);
    }

    private static void Append(SourceWriter writer, SourceWriter body)
    {
        foreach (var line in body.ToString().Split('\n'))
            if (line.Length > 0) writer.Line(line);
    }

    private bool Cross => _mode != Mode.Variances;

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

        _writer.Line($"// layer {path}: {Literals.Comment(NodeNames.Of(node))}");
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
                for (int b = 1; b < branches.Length; b++) Each(branches[0], branches[b], (x, y) => $"{L(1)} * {y} + {L(1)} * {x} + {L(0)}");
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

    /// <summary>A constant: a double literal, or its broadcast in the SIMD path.</summary>
    private string L(double value) => _mode == Mode.Entries ? $"C({Literals.Double(value)})" : Literals.Double(value);

    private void Dense(DenseNode dense, string branch, int inputChannels)
    {
        double w2 = dense.WStd * dense.WStd, b2 = dense.BStd is double b ? b * b : 0;
        void affine(string x) => Assign(x, $"{L(w2)} * {x} + {L(b2)}");
        if (!Cross)
        {
            affine(branch);
            return;
        }
        var (k, t) = Split(branch);
        if (dense.Standard)
        {
            // Standard parameterization: Θ' = n·K + W_std²·Θ (+1 with a bias), n = n_in/s0, before K' = W_std²·K + b_std².
            double width = (double)inputChannels / dense.WidthScaleIn;
            Assign(t, $"{L(width)} * {k} + {L(w2)} * {t} + {L(dense.BStd is null ? 0 : 1)}");
            affine(k);
        }
        else
        {
            // NTK parameterization: K' = W_std²·K + b_std², then Θ' = K' + W_std²·Θ.
            affine(k);
            Assign(t, $"{L(1)} * {k} + {L(w2)} * {t} + {L(0)}");
        }
    }

    private void Activation(ActivationNode node, string branch)
    {
        var spec = ActivationCatalog.Get(node.Kind);
        string arguments = string.Concat(DualsArguments(node).Select(a => a + ", "));
        int slot = _slots++;
        switch (_mode)
        {
            case Mode.Variances:
                _writer.Line($"v.Q{slot} = {branch};");
                Assign(branch, $"{CompilerServices}Duals.{spec.Method}Variance({arguments}{branch})");
                return;
            case Mode.Entry:
            {
                var (k, t) = Split(branch);
                _writer.Line($"e = {CompilerServices}Duals.{spec.Method}({arguments}{k}, {t}, row.Q{slot}, column.Q{slot});");
                Assign(k, "e.Nngp");
                Assign(t, "e.Ntk");
                return;
            }
            default:
            {
                var (k, t) = Split(branch);
                _writer.Line($"e = {CompilerServices}VectorDuals.{spec.Method}({arguments}{k}, {t}, C(row.Q{slot}), columns[{slot}]);");
                Assign(k, "e.Nngp");
                Assign(t, "e.Ntk");
                return;
            }
        }
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
        if (!Cross)
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
        Each(branches[0], branches[0], (x, _) => $"{L(channels[0] / total)} * {x} + {L(0)}");
        for (int b = 1; b < branches.Length; b++)
        {
            double weight = channels[b] / total;
            Each(branches[0], branches[b], (x, y) => $"{L(weight)} * {y} + {L(1)} * {x} + {L(0)}");
        }
    }

    /// <summary>Assigns <paramref name="expression"/> to each kernel quantity of a branch (nngp and ntk, or the variance), given the other branch's.</summary>
    private void Each(string target, string other, System.Func<string, string, string> expression)
    {
        if (!Cross)
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
    private void Assign(string target, string expression)
    {
        if (!_float32) _writer.Line($"{target} = {expression};");
        else if (_mode == Mode.Entries) _writer.Line($"{target} = R({expression});");
        else _writer.Line($"{target} = (float)({expression});");
    }

    private string Copy(string branch)
    {
        int index = ++_variables;
        switch (_mode)
        {
            case Mode.Variances:
                _writer.Line($"double q{index} = {branch};");
                return $"q{index}";
            default:
                var (k, t) = Split(branch);
                _writer.Line($"{(_mode == Mode.Entry ? "double" : Vector)} k{index} = {k}, t{index} = {t};");
                return $"k{index}|t{index}";
        }
    }

    private static (string K, string T) Split(string branch)
    {
        var parts = branch.Split('|');
        return (parts[0], parts[1]);
    }
}
