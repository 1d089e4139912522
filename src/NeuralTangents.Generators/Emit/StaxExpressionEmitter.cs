using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Generators.Emit;

/// <summary>
/// Writes the layer tree as the <c>Stax</c> expression that builds the equivalent runtime network, every
/// constant a literal, with a comment naming each layer.
/// </summary>
internal static class StaxExpressionEmitter
{
    private const string Stax = "global::NeuralTangents.Stax.";

    /// <summary>Writes <paramref name="node"/> (at <paramref name="path"/>) followed by <paramref name="suffix"/>.</summary>
    public static void Write(SourceWriter writer, LayerNode node, string path, string suffix)
    {
        switch (node)
        {
            case SerialNode serial:
                Composite(writer, "Serial", "", serial.Layers, path, suffix);
                return;
            case ParallelNode parallel:
                Composite(writer, "Parallel", "", parallel.Layers, path, suffix);
                return;
            case RepeatNode repeat:
                writer.Line($"// layers {Label(path)}: {repeat.Count} copies of the block, each with its own parameters");
                writer.Line($"{Stax}Repeat({Literals.Int(repeat.Count)},").Indent();
                Write(writer, repeat.Block, Child(path, 0), ")" + suffix);
                writer.Dedent();
                return;
            default:
                writer.Line($"// layer {Label(path)}: {Literals.Comment(NodeNames.Of(node))}");
                writer.Line(Leaf(node) + suffix);
                return;
        }
    }

    /// <summary>Writes <c>Stax.Serial(…)</c> of <paramref name="layers"/> (each with its path in the tree) followed by <paramref name="suffix"/>.</summary>
    public static void WriteSerial(SourceWriter writer, IReadOnlyList<(LayerNode Node, string Path)> layers, string suffix)
    {
        writer.Line($"{Stax}Serial(").Indent();
        for (int i = 0; i < layers.Count; i++) Write(writer, layers[i].Node, layers[i].Path, i == layers.Count - 1 ? ")" + suffix : ",");
        writer.Dedent();
    }

    private static void Composite(SourceWriter writer, string method, string arguments, EquatableArray<LayerNode> layers, string path, string suffix)
    {
        writer.Line($"{Stax}{method}({arguments}").Indent();
        for (int i = 0; i < layers.Count; i++) Write(writer, layers[i], Child(path, i), i == layers.Count - 1 ? ")" + suffix : ",");
        writer.Dedent();
    }

    /// <summary>The factory call of a leaf layer.</summary>
    public static string Leaf(LayerNode node) => node switch
    {
        DenseNode d => $"{Stax}Dense({Literals.Int(d.OutDim)}, wStd: {Literals.Double(d.WStd)}, bStd: {(d.BStd is double b ? Literals.Double(b) : "null")}" +
            (d.Standard
                ? $", parameterization: global::NeuralTangents.Parameterization.Standard, widthScaleIn: {Literals.Int(d.WidthScaleIn)}, widthScaleOut: {Literals.Int(d.WidthScaleOut)})"
                : ")"),
        ActivationNode a => $"{Stax}{ActivationCatalog.Get(a.Kind).Method}({string.Join(", ", NamedArguments(a))})",
        FanOutNode f => $"{Stax}FanOut({Literals.Int(f.Count)})",
        FanInSumNode => $"{Stax}FanInSum()",
        FanInProdNode => $"{Stax}FanInProd()",
        FanInConcatNode c => $"{Stax}FanInConcat(axis: {Literals.Int(c.Axis)})",
        IdentityNode => $"{Stax}Identity()",
        FlattenNode => $"{Stax}Flatten()",
        ConvNode c => Convolution("Conv", c.OutChannels, c.Filter, c.Strides, c.Padding, c.WStd, c.BStd, c.Standard, c.WidthScaleIn, c.WidthScaleOut),
        ConvLocalNode c => Convolution("ConvLocal", c.OutChannels, c.Filter, c.Strides, c.Padding, c.WStd, c.BStd, c.Standard, c.WidthScaleIn, c.WidthScaleOut),
        ConvTransposeNode c => Convolution("ConvTranspose", c.OutChannels, c.Filter, c.Strides, c.Padding, c.WStd, c.BStd, c.Standard, c.WidthScaleIn, c.WidthScaleOut),
        IndexNode i => $"{Stax}Index({string.Join(", ", i.Entries.Select(IndexEntry))})",
        ImageResizeNode r => $"{Stax}ImageResize({Literals.IntArray(r.Shape)}, global::NeuralTangents.ResizeMethod.{(r.Method == ResizeKind.Nearest ? "Nearest" : "Linear")}, antialias: {Literals.Bool(r.Antialias)})",
        DotGeneralNode { Vector: true } d => $"{Stax}DotGeneral(new double[] {{ {string.Join(", ", d.Weights.Select(Literals.Double))} }}, axis: {Literals.Int(d.Axis)})",
        DotGeneralNode d => $"{Stax}DotGeneral(new double[,] {{ {string.Join(", ", Enumerable.Range(0, d.Rows).Select(r => "{ " + string.Join(", ", d.Weights.Skip(r * d.Columns).Take(d.Columns).Select(Literals.Double)) + " }"))} }}, axis: {Literals.Int(d.Axis)})",
        PoolNode p => $"{Stax}{(p.Average ? "AvgPool" : "SumPool")}({Literals.IntArray(p.Window)}, strides: {Literals.IntArray(p.Strides)}, padding: {Padding(p.Padding)})",
        AggregateNode { AggregateAxes: { } axes } => $"{Stax}Aggregate({Literals.IntArray(axes)})",
        AggregateNode => $"{Stax}Aggregate()",
        GlobalPoolNode g => $"{Stax}{(g.Average ? "GlobalAvgPool" : "GlobalSumPool")}()",
        GlobalSelfAttentionNode a =>
            $"{Stax}GlobalSelfAttention({Literals.Int(a.OutChannels)}, {Literals.Int(a.KeyChannels)}, {Literals.Int(a.ValueChannels)}, {Literals.Int(a.Heads)}, " +
            $"linearScaling: {Literals.Bool(a.LinearScaling)}, wKeyStd: {Literals.Double(a.WKeyStd)}, wValueStd: {Literals.Double(a.WValueStd)}, " +
            $"wQueryStd: {Literals.Double(a.WQueryStd)}, wOutStd: {Literals.Double(a.WOutStd)}, bStd: {(a.BStd is double ab ? Literals.Double(ab) : "null")}, " +
            $"attentionMechanism: global::NeuralTangents.AttentionMechanism.{a.Mechanism}, posEmbType: global::NeuralTangents.PositionalEmbedding.{a.PositionalEmbedding}, " +
            $"posEmbPNorm: {Literals.Double(a.PosEmbPNorm)}, nChanPosEmb: {(a.PosEmbChannels is int c ? Literals.Int(c) : "null")}, " +
            $"wPosEmbStd: {Literals.Double(a.WPosEmbStd)}, valPosEmb: {Literals.Bool(a.ValuePosEmb)})",
        LayerNormNode { Axes: { } axes } n => $"{Stax}LayerNorm({Literals.IntArray(axes)}, epsilon: {Literals.Double(n.Epsilon)})",
        LayerNormNode n => $"{Stax}LayerNorm(epsilon: {Literals.Double(n.Epsilon)})",
        DropoutNode d => $"{Stax}Dropout({Literals.Double(d.Rate)}, global::NeuralTangents.DropoutMode.{(d.Train ? "Train" : "Test")})",
        _ => throw new System.NotSupportedException($"No factory call for {node.GetType().Name}."),
    };

    private static string Convolution(string method, int outChannels, EquatableArray<int> filter, EquatableArray<int> strides, SpatialPadding padding,
        double wStd, double? bStd, bool standard, int widthScaleIn, int widthScaleOut) =>
        $"{Stax}{method}({Literals.Int(outChannels)}, {Literals.IntArray(filter)}, strides: {Literals.IntArray(strides)}, padding: {Padding(padding)}, " +
        $"wStd: {Literals.Double(wStd)}, bStd: {(bStd is double b ? Literals.Double(b) : "null")}" +
        (standard
            ? $", parameterization: global::NeuralTangents.Parameterization.Standard, widthScaleIn: {Literals.Int(widthScaleIn)}, widthScaleOut: {Literals.Int(widthScaleOut)})"
            : ")");

    /// <summary>An index entry as the <c>AxisIndex</c> factory call that makes it.</summary>
    private static string IndexEntry(IndexEntry entry)
    {
        const string type = "global::NeuralTangents.AxisIndex.";
        string Optional(int? value) => value is int v ? Literals.Int(v) : "null";
        return entry.Kind switch
        {
            IndexKind.All => type + "All",
            IndexKind.At => $"{type}At({Literals.Int(entry.Start ?? 0)})",
            _ => $"{type}Slice({Optional(entry.Start)}, {Optional(entry.Stop)}, {Literals.Int(entry.Step)})",
        };
    }

    private static string Padding(SpatialPadding padding) => "global::NeuralTangents.Padding." + padding;

    /// <summary>An activation's arguments as the factory takes them (named, except a params array).</summary>
    private static IEnumerable<string> NamedArguments(ActivationNode node)
    {
        var spec = ActivationCatalog.Get(node.Kind);
        for (int i = 0; i < spec.Parameters.Count; i++)
        {
            var (name, type) = spec.Parameters[i];
            switch (type)
            {
                case ArgumentType.DoubleArray:
                    foreach (var value in node.Arguments.Skip(i)) yield return Literals.Double(value);
                    yield break;
                case ArgumentType.Int:
                    yield return $"{name}: {Literals.Int((int)node.Arguments[i])}";
                    break;
                case ArgumentType.Bool:
                    yield return $"{name}: {Literals.Bool(node.Arguments[i] != 0)}";
                    break;
                default:
                    yield return $"{name}: {Literals.Double(node.Arguments[i])}";
                    break;
            }
        }
    }

    /// <summary>The path of the <paramref name="index"/>-th child, as the validator numbers it.</summary>
    public static string Child(string path, int index) => ArchitectureValidator.Child(path, index);

    private static string Label(string path) => path.Length == 0 ? "(root)" : path;
}
