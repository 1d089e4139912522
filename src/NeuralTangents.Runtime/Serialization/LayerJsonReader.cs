using System.Reflection;
using System.Text.Json;

namespace NeuralTangents.Serialization;

/// <summary>
/// Builds layers from JSON nodes by calling the <see cref="Stax"/> factory the node names with the arguments it gives
/// (missing optional ones take the factory's defaults), so every value passes the factory's own validation. Any
/// failure becomes a <see cref="NetworkJsonException"/> naming the JSON path of the node.
/// </summary>
internal sealed class LayerJsonReader(NetworkJsonOptions options)
{
    private int _layers;

    public ILayer Layer(JsonElement node, string path)
    {
        if (node.ValueKind != JsonValueKind.Object)
            throw new NetworkJsonException(path, $"expected a layer object such as {{\"layer\": \"Dense\", \"outDim\": 10}}, found {Describe(node)}.");
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in node.EnumerateObject())
            if (!properties.TryAdd(property.Name, property.Value))
                throw new NetworkJsonException($"{path}.{property.Name}", "the property appears twice in the layer object.");
        if (!properties.Remove(NetworkJson.LayerProperty, out var nameNode) || nameNode.ValueKind != JsonValueKind.String)
            throw new NetworkJsonException($"{path}.{NetworkJson.LayerProperty}", $"expected the layer's name as a string, e.g. \"Dense\", found {(nameNode.ValueKind == JsonValueKind.Undefined ? "nothing" : Describe(nameNode))}.");
        string name = nameNode.GetString()!;
        var overloads = StaxFactories.Overloads(name)
            ?? throw new NetworkJsonException($"{path}.{NetworkJson.LayerProperty}", $"unknown layer \"{name}\"; expected one of {string.Join(", ", StaxFactories.JsonNames)}.");
        var method = Choose(overloads, properties, name, path);
        if (++_layers > options.MaxLayers)
            throw new NetworkJsonException(path, $"the description has more than {options.MaxLayers} layers (NetworkJsonOptions.MaxLayers).");
        int before = _layers;
        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            arguments[i] = properties.TryGetValue(parameter.Name!, out var value) ? Value(value, parameter.ParameterType, $"{path}.{parameter.Name}")
                : parameter.HasDefaultValue ? parameter.DefaultValue : null;
        }
        if (name == "repeat" && arguments[0] is int count && count > 1)
        {
            // Every copy of the block counts against the limit, so a short description cannot expand without bound.
            long total = before + (long)(_layers - before + 1) * (count - 1);
            if (total > options.MaxLayers)
                throw new NetworkJsonException($"{path}.count", $"repeating the block {count} times gives {total} layers, more than {options.MaxLayers} (NetworkJsonOptions.MaxLayers).");
            _layers = (int)total;
        }
        try
        {
            return (ILayer)method.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } rejected and not OutOfMemoryException)
        {
            string? argument = (rejected as ArgumentException)?.ParamName;
            string at = argument is not null && properties.ContainsKey(argument) ? $"{path}.{argument}" : path;
            throw new NetworkJsonException(at, $"{name} rejects its arguments: {rejected.Message}", rejected);
        }
    }

    // The overload whose parameters cover every property given and whose required parameters are all given.
    private static MethodInfo Choose(MethodInfo[] overloads, Dictionary<string, JsonElement> properties, string name, string path)
    {
        bool Fits(MethodInfo method)
        {
            var parameters = method.GetParameters();
            return properties.Keys.All(key => parameters.Any(p => p.Name == key && !(StaxFactories.IsDelegate(p) && properties[key].ValueKind != JsonValueKind.Null)))
                && parameters.All(p => p.HasDefaultValue || properties.ContainsKey(p.Name!));
        }
        var fitting = overloads.Where(Fits).ToArray();
        if (fitting.Length == 1) return fitting[0];
        var delegateArgument = overloads.SelectMany(m => m.GetParameters()).FirstOrDefault(p => StaxFactories.IsDelegate(p) && !p.HasDefaultValue);
        if (delegateArgument is not null || properties.Keys.Any(key => overloads.Any(m => m.GetParameters().Any(p => p.Name == key && StaxFactories.IsDelegate(p)))))
            throw new NetworkJsonException(path, $"{name} takes a delegate ({delegateArgument?.Name ?? "a function"}), which a JSON description cannot carry.");
        string Signature(MethodInfo m) => "(" + string.Join(", ", m.GetParameters().Select(p => p.HasDefaultValue ? p.Name + "?" : p.Name)) + ")";
        string expected = string.Join(" or ", overloads.Select(Signature));
        var unknown = properties.Keys.FirstOrDefault(key => !overloads.Any(m => m.GetParameters().Any(p => p.Name == key)));
        if (unknown is not null)
            throw new NetworkJsonException($"{path}.{unknown}", $"{name} has no argument \"{unknown}\"; its arguments are {expected}.");
        var missing = overloads.SelectMany(m => m.GetParameters()).FirstOrDefault(p => !p.HasDefaultValue && !properties.ContainsKey(p.Name!));
        throw new NetworkJsonException(path, fitting.Length == 0 && missing is not null
            ? $"{name} needs the argument \"{missing.Name}\"; its arguments are {expected} (? marks optional ones)."
            : $"the arguments given fit {fitting.Length} overloads of {name}: {expected}.");
    }

    private object? Value(JsonElement node, Type type, string path)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return node.ValueKind == JsonValueKind.Null ? null : Value(node, inner, path);
        if (node.ValueKind == JsonValueKind.Null && !type.IsValueType) return null;
        if (type == typeof(int))
            return node.ValueKind == JsonValueKind.Number && node.TryGetInt32(out int integer) ? integer : throw Expected(path, "an integer (32-bit)", node);
        if (type == typeof(double))
            return node.ValueKind == JsonValueKind.Number && node.TryGetDouble(out double number) && double.IsFinite(number) ? number : throw Expected(path, "a finite number", node);
        if (type == typeof(bool))
            return node.ValueKind is JsonValueKind.True or JsonValueKind.False ? node.GetBoolean() : throw Expected(path, "true or false", node);
        if (type.IsEnum) return EnumMember(node, type, path);
        if (type == typeof(ILayer)) return Layer(node, path);
        if (type == typeof(AxisIndex)) return AxisEntry(node, path);
        if (type == typeof(double[,])) return Matrix(node, path);
        if (type.IsArray)
        {
            if (node.ValueKind != JsonValueKind.Array) throw Expected(path, "an array", node);
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, node.GetArrayLength());
            int i = 0;
            foreach (var item in node.EnumerateArray()) { array.SetValue(Value(item, element, $"{path}[{i}]"), i); i++; }
            return array;
        }
        throw new NetworkJsonException(path, $"the factory parameter type {type.Name} has no JSON form.");
    }

    private static object EnumMember(JsonElement node, Type type, string path)
    {
        string members = string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""));
        string? text = node.ValueKind == JsonValueKind.String ? node.GetString() : null;
        // Names only (case-insensitive, so Neural Tangents' "SAME" or "ntk" read too); never numbers.
        var member = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return member is not null ? Enum.Parse(type, member) : throw Expected(path, $"one of {members}", node);
    }

    private static double[,] Matrix(JsonElement node, string path)
    {
        if (node.ValueKind != JsonValueKind.Array) throw Expected(path, "an array of rows", node);
        var rows = node.EnumerateArray().ToArray();
        int columns = rows.Length == 0 ? 0 : rows[0].ValueKind == JsonValueKind.Array ? rows[0].GetArrayLength() : -1;
        var matrix = new double[rows.Length, Math.Max(columns, 0)];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].ValueKind != JsonValueKind.Array || rows[r].GetArrayLength() != columns)
                throw Expected($"{path}[{r}]", $"a row of {Math.Max(columns, 0)} numbers like row 0", rows[r]);
            int c = 0;
            foreach (var entry in rows[r].EnumerateArray())
            {
                matrix[r, c] = entry.ValueKind == JsonValueKind.Number && entry.TryGetDouble(out double value) && double.IsFinite(value)
                    ? value : throw Expected($"{path}[{r}][{c}]", "a finite number", entry);
                c++;
            }
        }
        return matrix;
    }

    private static AxisIndex AxisEntry(JsonElement node, string path)
    {
        if (node.ValueKind == JsonValueKind.String && node.GetString() == ":") return AxisIndex.All;
        if (node.ValueKind == JsonValueKind.Number && node.TryGetInt32(out int position)) return AxisIndex.At(position);
        if (node.ValueKind != JsonValueKind.Object) throw Expected(path, "\":\" (the whole axis), an integer (one position) or a slice {\"start\", \"stop\", \"step\"}", node);
        int? start = null, stop = null;
        int step = 1;
        foreach (var property in node.EnumerateObject())
        {
            string at = $"{path}.{property.Name}";
            int? Bound() => property.Value.ValueKind == JsonValueKind.Null ? null
                : property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out int value) ? value : throw Expected(at, "an integer or null", property.Value);
            switch (property.Name)
            {
                case "start": start = Bound(); break;
                case "stop": stop = Bound(); break;
                case "step": step = Bound() ?? throw Expected(at, "a nonzero integer", property.Value); break;
                default: throw new NetworkJsonException(at, "a slice has only \"start\", \"stop\" and \"step\".");
            }
        }
        try
        {
            return AxisIndex.Slice(start, stop, step);
        }
        catch (ArgumentOutOfRangeException rejected)
        {
            throw new NetworkJsonException($"{path}.step", rejected.Message, rejected);
        }
    }

    private static NetworkJsonException Expected(string path, string expected, JsonElement found) =>
        new(path, $"expected {expected}, found {Describe(found)}.");

    private static string Describe(JsonElement node)
    {
        string text = node.GetRawText();
        return $"{node.ValueKind.ToString().ToLowerInvariant()} {(text.Length > 40 ? text[..40] + "…" : text)}";
    }
}
