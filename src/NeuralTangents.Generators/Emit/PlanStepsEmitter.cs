using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Generators.Emit;

/// <summary>
/// Writes a spatial network's pair-major kernel plan as calls of <c>PlanSteps</c>: one call per layer with its window,
/// strides, padding, constants and output shape as literals, a drop to the diagonal covariance where the validated
/// forms change, and FanOut/Parallel/FanInSum as branches. The runtime's layers make the same calls on the same builder
/// when they plan a network, so a generated plan is the runtime's plan stated at compile time (tests compare them).
/// </summary>
internal sealed class PlanStepsEmitter
{
    /// <summary>The generated method's name.</summary>
    public const string MethodName = "KernelPlan";

    private const string Nt = "global::NeuralTangents.";

    private readonly SourceWriter _writer;
    private readonly IReadOnlyDictionary<string, LayerFacts> _facts;

    private PlanStepsEmitter(SourceWriter writer, IReadOnlyDictionary<string, LayerFacts> facts)
    {
        _writer = writer;
        _facts = facts;
    }

    /// <summary>Whether every layer of <paramref name="node"/> has a plan step (others leave the planning to the runtime).</summary>
    public static bool Supports(LayerNode node) => node switch
    {
        SerialNode serial => serial.Layers.All(Supports),
        ParallelNode parallel => parallel.Layers.All(Supports),
        ConvNode or ConvTransposeNode or DenseNode or ActivationNode or FlattenNode or GlobalPoolNode or PoolNode or FanOutNode or FanInSumNode or IdentityNode => true,
        // Over channels only: over spatial axes its variance is a mean over positions, which no plan step computes.
        LayerNormNode layerNorm => OverChannelsOnly(layerNorm),
        _ => false,
    };

    /// <summary>Whether a LayerNorm normalizes over the channel axis alone: no axes given (the default) or exactly the last one, −1.</summary>
    private static bool OverChannelsOnly(LayerNormNode node) => node.Axes is not { } axes || (axes.Count == 1 && axes[0] == -1);

    /// <summary>
    /// Writes the plan method for <paramref name="root"/>, whose input covariance starts in <paramref name="inputForm"/>;
    /// <paramref name="runsKernelFn"/> says whether <c>KernelFn</c> runs it too (otherwise only the kernel derivatives do).
    /// </summary>
    public static void Write(SourceWriter writer, LayerNode root, IEnumerable<LayerFacts> facts, SpatialForm inputForm, bool runsKernelFn)
    {
        writer.Line("/// <summary>");
        writer.Line("/// The pair-major kernel plan of the whole network, stated at compile time: every window, stride, padding, spatial");
        writer.Line("/// size and layer constant is a literal, and the covariance drops to its diagonal where the validated forms say so.");
        if (runsKernelFn)
        {
            writer.Line("/// The engine runs these steps on the host instead of planning <see cref=\"Network\"/> at run time; the runtime's");
            writer.Line("/// layers make the same calls on the same builder.");
        }
        else
        {
            // KernelFn runs the faster fused chain; the kernel derivatives carry their tangents through these steps.
            writer.Line("/// The kernel derivatives run these steps with their tangents instead of planning <see cref=\"Network\"/> at run");
            writer.Line("/// time; the runtime's layers make the same calls on the same builder.");
        }
        writer.Line("/// </summary>");
        writer.Line($"private static void {MethodName}<T>({Nt}CompilerServices.PlanSteps<T> plan)");
        writer.Open("    where T : unmanaged, global::System.Numerics.IFloatingPointIeee754<T>");
        var emitter = new PlanStepsEmitter(writer, facts.ToDictionary(f => f.Path));
        var branches = new List<Branch> { new Branch(inputForm, gaussian: false) };
        emitter.Walk(root, "", "plan", 0, branches);
        writer.Close();
    }

    /// <summary>What the emitter tracks of one live branch: its last known covariance form and whether it is Gaussian.</summary>
    private sealed class Branch
    {
        public Branch(SpatialForm form, bool gaussian)
        {
            Form = form;
            Gaussian = gaussian;
        }

        public SpatialForm Form { get; set; }

        public bool Gaussian { get; set; }
    }

    /// <summary>Writes <paramref name="node"/>'s steps on <paramref name="branches"/> (the live branches), through the variable <paramref name="steps"/>.</summary>
    private List<Branch> Walk(LayerNode node, string path, string steps, int depth, List<Branch> branches)
    {
        switch (node)
        {
            case SerialNode serial:
                for (int i = 0; i < serial.Layers.Count; i++) branches = Walk(serial.Layers[i], StaxExpressionEmitter.Child(path, i), steps, depth, branches);
                return branches;
            case ParallelNode parallel:
                for (int i = 0; i < parallel.Layers.Count; i++)
                {
                    string inner = "branch" + (depth + 1);
                    _writer.Line($"{steps}.Branch({Literals.Int(i)}, {inner} =>");
                    _writer.Line("{").Indent();
                    branches[i] = Walk(parallel.Layers[i], StaxExpressionEmitter.Child(path, i), inner, depth + 1, new List<Branch> { branches[i] })[0];
                    _writer.Dedent().Line("});");
                }
                return branches;
            default:
                return Leaf(node, path, steps, branches);
        }
    }

    private List<Branch> Leaf(LayerNode node, string path, string steps, List<Branch> branches)
    {
        var facts = _facts[path];
        _writer.Line($"// layer {path}: {Literals.Comment(facts.Name)}");
        // Validation says which covariance each layer needs of its input: a full one no later layer needs drops to its diagonal here.
        if (branches.Count == 1 && branches[0].Form == SpatialForm.Full && facts.Covariance == SpatialForm.Diagonal)
        {
            _writer.Line($"{steps}.ToDiagonal(0);");
            branches[0].Form = SpatialForm.Diagonal;
        }
        string name = Literals.String(facts.Name);
        string shape = "outputShape: " + Literals.IntArray(facts.OutputShape);
        var branch = branches[0];
        switch (node)
        {
            case ConvNode c:
                Convolution(steps, name, c.Filter, c.Strides, c.Padding, false, c.WStd, c.BStd, c.Standard, c.WidthScaleIn, shape);
                branch.Gaussian = true;
                break;
            case ConvTransposeNode c:
                Convolution(steps, name, c.Filter, c.Strides, c.Padding, true, c.WStd, c.BStd, c.Standard, c.WidthScaleIn, shape);
                branch.Gaussian = true;
                break;
            case DenseNode d:
                double fanIn = (double)facts.InputChannels[0] / d.WidthScaleIn;
                _writer.Line($"{steps}.Dense({name}, wStd: {Literals.Double(d.WStd)}, bStd: {Optional(d.BStd)}, {Parameterization(d.Standard)}, " +
                    $"fanIn: {Literals.Double(fanIn)}, {shape});");
                branch.Gaussian = true;
                break;
            case ActivationNode:
                _writer.Line($"{steps}.Nonlinearity({StaxExpressionEmitter.Leaf(node)});");
                branch.Gaussian = false;
                break;
            case FlattenNode:
                _writer.Line($"{steps}.Flatten({name}, {shape});");
                if (branch.Form == SpatialForm.Full) branch.Form = SpatialForm.Diagonal;
                break;
            case GlobalPoolNode g:
                _writer.Line($"{steps}.GlobalPool({name}, average: {Literals.Bool(g.Average)}, {shape});");
                break;
            case PoolNode p:
                double scale = p.Average ? 1.0 / p.Window.Aggregate(1, (a, b) => a * b) : 1.0;
                _writer.Line($"{steps}.Pool({name}, {Literals.IntArray(p.Window)}, {Literals.IntArray(p.Strides)}, {Nt}Padding.{p.Padding}, scale: {Literals.Double(scale)}, {shape});");
                break;
            case FanOutNode f:
                _writer.Line($"{steps}.FanOut({Literals.Int(f.Count)});");
                return Enumerable.Range(0, f.Count).Select(_ => new Branch(branch.Form, branch.Gaussian)).ToList();
            case FanInSumNode:
                bool gaussian = branches.All(b => b.Gaussian);
                _writer.Line($"{steps}.FanInSum({name}, {shape}, gaussian: {Literals.Bool(gaussian)});");
                return new List<Branch> { new Branch(branches[0].Form, gaussian) };
            case LayerNormNode n:
                _writer.Line($"{steps}.LayerNorm(epsilon: {Literals.Double(n.Epsilon)});");
                branch.Gaussian = false;
                break;
            case IdentityNode:
                // Nothing to compute.
                break;
        }
        if (facts.OutputShape.Count <= 2) branch.Form = SpatialForm.None;
        return branches;
    }

    private void Convolution(string steps, string name, EquatableArray<int> filter, EquatableArray<int> strides, SpatialPadding padding, bool transposed,
        double wStd, double? bStd, bool standard, int widthScaleIn, string shape) =>
        _writer.Line($"{steps}.Conv({name}, {Literals.IntArray(filter)}, {Literals.IntArray(strides)}, {Nt}Padding.{padding}, transposed: {Literals.Bool(transposed)}, " +
            $"wStd: {Literals.Double(wStd)}, bStd: {Optional(bStd)}, {Parameterization(standard)}, widthScaleIn: {Literals.Int(widthScaleIn)}, {shape});");

    private static string Optional(double? value) => value is double v ? Literals.Double(v) : "null";

    private static string Parameterization(bool standard) => Nt + "Parameterization." + (standard ? "Standard" : "Ntk");
}
