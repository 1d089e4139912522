using System.Globalization;
using System.Text;

namespace NeuralTangents.Generators.Emit;

/// <summary>C# literals under the invariant culture: doubles round-trip (G17), special values by name.</summary>
internal static class Literals
{
    /// <summary>A double literal, e.g. <c>1.5d</c>, <c>double.NaN</c>.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        return value.ToString("G17", CultureInfo.InvariantCulture) + "d";
    }

    /// <summary>An int literal.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long literal, e.g. <c>401920L</c>.</summary>
    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A bool literal.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A regular string literal with escapes.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>An int array, e.g. <c>new[] { -1, 784 }</c>.</summary>
    public static string IntArray(System.Collections.Generic.IEnumerable<int> values) =>
        "new int[] { " + string.Join(", ", System.Linq.Enumerable.Select(values, Int)) + " }";

    /// <summary>A comment-safe rendering of a name (no line breaks, no comment terminators).</summary>
    public static string Comment(string text) => text.Replace("\r", " ").Replace("\n", " ").Replace("*/", "* /");
}
