using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Catalog;

/// <summary>
/// Turns a <c>Stax</c> factory call with evaluated arguments (bound to the factory's parameter names, defaults
/// filled in) into a <see cref="LayerNode"/>. Both declaration forms end here: an attribute stack binds the
/// attribute's arguments to the factory of the same name, the fluent form binds the call's own arguments.
/// New layer families slot in as one more entry here, one node record, and their cases in the validator and emitters.
/// </summary>
internal static class StaxCatalog
{
    /// <summary>The factories whose arguments are delegates, which no compile-time evaluation can run.</summary>
    private static readonly HashSet<string> HostOnly = new() { "ElementwiseNumerical", "Elementwise" };

    /// <summary>Why calls to <c>Stax.<paramref name="method"/></c> can never be evaluated at compile time, or null when they may be.</summary>
    public static string? NeverEvaluable(string method) =>
        HostOnly.Contains(method) ? $"Stax.{method} takes delegates, which run only on the host at run time" : null;

    /// <summary>Builds the node for <c>Stax.<paramref name="method"/>(…)</c>.</summary>
    /// <param name="method">The factory method name.</param>
    /// <param name="arguments">Evaluated arguments by parameter name (every parameter present).</param>
    /// <param name="expression">The call's source text, for messages.</param>
    /// <param name="location">The call's location, for messages.</param>
    /// <exception cref="NotEvaluableException">The factory is unknown to the generator or takes run-time values.</exception>
    public static LayerNode Build(string method, IReadOnlyDictionary<string, object?> arguments, string expression, LocationInfo? location)
    {
        object? Arg(string name) => arguments.TryGetValue(name, out var value) ? value
            : throw new NotEvaluableException(expression, $"Stax.{method} has no argument '{name}'", location);
        int Int(string name) => ToInt(Arg(name), name, expression, location);
        double Double(string name) => ToDouble(Arg(name), name, expression, location);
        double? OptionalDouble(string name) => Arg(name) is { } value ? ToDouble(value, name, expression, location) : null;
        EquatableArray<int> Ints(string name) => IntArray(Arg(name), name, expression, location);
        // The factories' null strides mean a stride of 1 on every axis of the window.
        EquatableArray<int> Strides(int axes) => Arg("strides") is null ? Enumerable.Repeat(1, axes).ToEquatableArray() : Ints("strides");
        string Member(string name) => (Arg(name) as EnumValue)?.Member
            ?? throw new NotEvaluableException(expression, $"{name} is not a named enum constant (got {Describe(Arg(name))})", location);
        bool Standard() => Member("parameterization") == "Standard";
        SpatialPadding Padding() => Member("padding") switch
        {
            "Valid" => SpatialPadding.Valid,
            "Same" => SpatialPadding.Same,
            "Circular" => SpatialPadding.Circular,
            var other => throw new NotEvaluableException(expression, $"padding {other} is not a Padding the generator knows", location),
        };

        switch (method)
        {
            case "Serial": return new SerialNode(Layers(Arg("layers"), expression, location));
            case "Parallel": return new ParallelNode(Layers(Arg("layers"), expression, location));
            case "Repeat": return new RepeatNode(Int("count"), Layer(Arg("block"), expression, location));
            case "FanOut": return new FanOutNode(Int("count"));
            case "FanInSum": return new FanInSumNode();
            case "FanInProd": return new FanInProdNode();
            case "FanInConcat": return new FanInConcatNode(Int("axis"));
            case "Identity": return new IdentityNode();
            case "Flatten": return new FlattenNode();
            case "Dense":
                return new DenseNode(Int("outDim"), Double("wStd"), OptionalDouble("bStd"), Standard(), Int("widthScaleIn"), Int("widthScaleOut"));
            case "Conv":
            {
                var filter = Ints("filter");
                return new ConvNode(Int("outChannels"), filter, Strides(filter.Count), Padding(), Double("wStd"), OptionalDouble("bStd"), Standard(),
                    Int("widthScaleIn"), Int("widthScaleOut"));
            }
            case "ConvLocal":
            {
                var filter = Ints("filter");
                return new ConvLocalNode(Int("outChannels"), filter, Strides(filter.Count), Padding(), Double("wStd"), OptionalDouble("bStd"), Standard(),
                    Int("widthScaleIn"), Int("widthScaleOut"));
            }
            case "ConvTranspose":
            {
                var filter = Ints("filter");
                return new ConvTransposeNode(Int("outChannels"), filter, Strides(filter.Count), Padding(), Double("wStd"), OptionalDouble("bStd"), Standard(),
                    Int("widthScaleIn"), Int("widthScaleOut"));
            }
            case "ImageResize":
                return new ImageResizeNode(Ints("shape"), Member("method") switch
                {
                    "Linear" => ResizeKind.Linear,
                    "Nearest" => ResizeKind.Nearest,
                    var other => throw new NotEvaluableException(expression, $"method {other} is not ResizeMethod.Linear or ResizeMethod.Nearest", location),
                }, Arg("antialias") is true);
            case "Index":
                return new IndexNode(IndexEntries(Arg("index"), expression, location));
            case "DotGeneral":
                // Two overloads: DotGeneral(matrix, axis) keeps the axis, DotGeneral(weights, axis) contracts it away.
                if (arguments.ContainsKey("matrix"))
                {
                    var (weights, rows, columns) = Matrix(Arg("matrix"), expression, location);
                    return new DotGeneralNode(weights, rows, columns, Int("axis"), Vector: false);
                }
                else
                {
                    var (weights, _, columns) = Matrix(new object?[] { Arg("weights") }, expression, location);
                    return new DotGeneralNode(weights, 1, columns, Int("axis"), Vector: true);
                }
            case "AvgPool":
            case "SumPool":
            {
                var window = Ints("window");
                return new PoolNode(method == "AvgPool", window, Strides(window.Count), Padding());
            }
            case "Aggregate": return new AggregateNode(Arg("aggregateAxes") is null ? null : Ints("aggregateAxes"));
            case "GlobalAvgPool": return new GlobalPoolNode(Average: true);
            case "GlobalSumPool": return new GlobalPoolNode(Average: false);
            case "LayerNorm":
                // Two overloads: LayerNorm(epsilon) over the channel axis, LayerNorm(axis, epsilon) over the given axes.
                return new LayerNormNode(arguments.ContainsKey("axis") ? Ints("axis") : null, Double("epsilon"));
            case "Dropout":
                return new DropoutNode(Double("rate"), Member("mode") switch
                {
                    "Train" => true,
                    "Test" => false,
                    var other => throw new NotEvaluableException(expression, $"mode {other} is not DropoutMode.Train or DropoutMode.Test", location),
                });
        }

        if (ActivationCatalog.TryFind(method, out var kind))
        {
            var values = new List<double>();
            foreach (var (name, type) in ActivationCatalog.Get(kind).Parameters)
            {
                switch (type)
                {
                    case ArgumentType.Bool:
                        values.Add(Arg(name) is true ? 1 : 0);
                        break;
                    case ArgumentType.Int:
                        values.Add(Int(name));
                        break;
                    case ArgumentType.DoubleArray:
                        if (Arg(name) is not IReadOnlyList<object?> items)
                            throw new NotEvaluableException(expression, $"{name} is not an array of constants", location);
                        for (int i = 0; i < items.Count; i++) values.Add(ToDouble(items[i], $"{name}[{i}]", expression, location));
                        break;
                    default:
                        values.Add(Double(name));
                        break;
                }
            }
            return new ActivationNode(kind, values.ToEquatableArray());
        }

        if (NeverEvaluable(method) is { } reason) throw new NotEvaluableException(expression, reason, location);
        throw new NotEvaluableException(expression, $"the source generator does not support Stax.{method} yet", location);
    }

    private static EquatableArray<LayerNode> Layers(object? value, string expression, LocationInfo? location)
    {
        if (value is not IReadOnlyList<object?> items)
            throw new NotEvaluableException(expression, "the layers are not an array of Stax expressions", location);
        var layers = new List<LayerNode>();
        foreach (var item in items) layers.Add(Layer(item, expression, location));
        return layers.ToEquatableArray();
    }

    private static LayerNode Layer(object? value, string expression, LocationInfo? location) =>
        value as LayerNode ?? throw new NotEvaluableException(expression, "a layer argument is not a Stax expression", location);

    /// <summary>A matrix given as rows of numeric constants (a 2-d array initializer), flattened row-major.</summary>
    private static (EquatableArray<double> Weights, int Rows, int Columns) Matrix(object? value, string expression, LocationInfo? location)
    {
        if (value is not IReadOnlyList<object?> rows || rows.Count == 0 || rows[0] is not IReadOnlyList<object?> first)
            throw new NotEvaluableException(expression, $"the constant is not an array initializer of numeric constants (got {Describe(value)})", location);
        var weights = new List<double>();
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not IReadOnlyList<object?> row || row.Count != first.Count)
                throw new NotEvaluableException(expression, $"row {r} of the constant is not a row of {first.Count} numeric constants", location);
            for (int c = 0; c < row.Count; c++) weights.Add(ToDouble(row[c], $"constant[{r}, {c}]", expression, location));
        }
        return (weights.ToEquatableArray(), rows.Count, first.Count);
    }

    private static EquatableArray<IndexEntry> IndexEntries(object? value, string expression, LocationInfo? location)
    {
        if (value is not IReadOnlyList<object?> items)
            throw new NotEvaluableException(expression, $"the index is not a list of AxisIndex values (got {Describe(value)})", location);
        var entries = new IndexEntry[items.Count];
        for (int i = 0; i < items.Count; i++)
            entries[i] = items[i] as IndexEntry? ?? throw new NotEvaluableException(expression, $"index entry {i} is not an AxisIndex constant (got {Describe(items[i])})", location);
        return entries.ToEquatableArray();
    }

    private static EquatableArray<int> IntArray(object? value, string name, string expression, LocationInfo? location)
    {
        if (value is not IReadOnlyList<object?> items)
            throw new NotEvaluableException(expression, $"{name} is not an array of integer constants (got {Describe(value)})", location);
        var result = new int[items.Count];
        for (int i = 0; i < items.Count; i++) result[i] = ToInt(items[i], $"{name}[{i}]", expression, location);
        return result.ToEquatableArray();
    }

    private static int ToInt(object? value, string name, string expression, LocationInfo? location) => value switch
    {
        int i => i,
        long l when l >= int.MinValue && l <= int.MaxValue => (int)l,
        _ => throw new NotEvaluableException(expression, $"{name} is not an integer constant (got {Describe(value)})", location),
    };

    private static double ToDouble(object? value, string name, string expression, LocationInfo? location) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => throw new NotEvaluableException(expression, $"{name} is not a numeric constant (got {Describe(value)})", location),
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        EnumValue e => e.Member is null ? $"({e.Type}){e.Value}" : $"{e.Type}.{e.Member}",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };
}
