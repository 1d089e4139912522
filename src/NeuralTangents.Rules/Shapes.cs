using System.Text;

namespace NeuralTangents.Rules;

/// <summary>Small shape helpers shared by the runtime and the analyzers.</summary>
internal static class Shapes
{
    /// <summary>Formats a shape as <c>(a, b, c)</c>; -1 stands for an unknown batch size.</summary>
    public static string Format(int[] shape)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (shape.Length == 1) text.Append(',');
        return text.Append(')').ToString();
    }

    /// <summary>Whether two shapes are equal, treating -1 in the batch axis as matching any size.</summary>
    public static bool Compatible(int[] a, int[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            bool batchWildcard = i == 0 && (a[i] < 0 || b[i] < 0);
            if (!batchWildcard && a[i] != b[i]) return false;
        }
        return true;
    }

    /// <summary>The product of the non-batch axes.</summary>
    public static long FeatureSize(int[] shape)
    {
        long size = 1;
        for (int i = 1; i < shape.Length; i++) size *= shape[i];
        return size;
    }

    /// <summary>A copy of <paramref name="shape"/> with its last axis replaced.</summary>
    public static int[] WithChannels(int[] shape, int channels)
    {
        var result = (int[])shape.Clone();
        result[result.Length - 1] = channels;
        return result;
    }
}
