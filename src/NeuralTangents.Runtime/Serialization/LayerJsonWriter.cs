using System.Text.Json;
using NeuralTangents.Layers;

namespace NeuralTangents.Serialization;

/// <summary>
/// Writes a layer as the JSON object of its <see cref="Stax"/> call: <c>"layer"</c> (the stax name), then every
/// parameter of the factory by its C# name, in declaration order, with the value passed (see <see cref="NetworkJson"/>
/// for the value forms).
/// </summary>
internal static class LayerJsonWriter
{
    public static void Write(Utf8JsonWriter writer, ILayer layer, string path)
    {
        var call = (layer as LayerBase)?.Call
            ?? throw new NotSupportedException($"{path}: the layer {layer.Name} was not made by a Stax factory, so it has no JSON description.");
        var method = StaxFactories.Resolve(call);
        writer.WriteStartObject();
        writer.WriteString(NetworkJson.LayerProperty, StaxFactories.JsonName(call.Method));
        var parameters = method.GetParameters();
        for (int i = 0; i < parameters.Length; i++)
        {
            string name = parameters[i].Name!;
            if (StaxFactories.IsDelegate(parameters[i]))
            {
                if (call.Arguments[i] is null) continue;
                throw new NotSupportedException($"{path}.{name}: {StaxFactories.JsonName(call.Method)}'s {name} is a delegate (code), which a JSON description cannot carry.");
            }
            writer.WritePropertyName(name);
            Value(writer, call.Arguments[i], $"{path}.{name}");
        }
        writer.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter writer, object? value, string path)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case int integer: writer.WriteNumberValue(integer); break;
            case double number when double.IsFinite(number): writer.WriteNumberValue(number); break;
            case double number: throw new NotSupportedException($"{path}: {number} has no JSON number.");
            case bool flag: writer.WriteBooleanValue(flag); break;
            case Enum member: writer.WriteStringValue(member.ToString()); break;
            case ILayer layer: Write(writer, layer, path); break;
            case double[,] matrix:
                writer.WriteStartArray();
                for (int r = 0; r < matrix.GetLength(0); r++)
                {
                    writer.WriteStartArray();
                    for (int c = 0; c < matrix.GetLength(1); c++) Value(writer, matrix[r, c], $"{path}[{r}][{c}]");
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                break;
            case AxisIndex entry: AxisEntry(writer, entry); break;
            case Array array:
                writer.WriteStartArray();
                for (int i = 0; i < array.Length; i++) Value(writer, array.GetValue(i), $"{path}[{i}]");
                writer.WriteEndArray();
                break;
            default: throw new NotSupportedException($"{path}: a value of type {value.GetType().Name} has no JSON form.");
        }
    }

    // ":" for the whole axis, a number for one position, {"start", "stop", "step"} for a slice (null ends open).
    private static void AxisEntry(Utf8JsonWriter writer, AxisIndex index)
    {
        var entry = index.Entry;
        switch (entry.Kind)
        {
            case Rules.IndexKind.All: writer.WriteStringValue(":"); break;
            case Rules.IndexKind.At: writer.WriteNumberValue(entry.Start!.Value); break;
            default:
                writer.WriteStartObject();
                writer.WritePropertyName("start");
                if (entry.Start is { } start) writer.WriteNumberValue(start); else writer.WriteNullValue();
                writer.WritePropertyName("stop");
                if (entry.Stop is { } stop) writer.WriteNumberValue(stop); else writer.WriteNullValue();
                writer.WriteNumber("step", entry.Step);
                writer.WriteEndObject();
                break;
        }
    }
}
