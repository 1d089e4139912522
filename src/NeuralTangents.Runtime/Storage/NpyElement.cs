using System.Numerics;

namespace NeuralTangents.Storage;

/// <summary>The NumPy dtype of the element types a kernel store holds: little-endian float32 and float64.</summary>
internal static class NpyElement
{
    /// <summary>The <c>descr</c> NumPy writes for <typeparamref name="T"/>: <c>&lt;f4</c> or <c>&lt;f8</c>.</summary>
    public static string Descr<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? "<f4"
        : typeof(T) == typeof(double) ? "<f8"
        : throw new NotSupportedException($".npy kernel files hold float32 or float64 values, not {typeof(T).Name}.");

    /// <summary>A readable name of a <c>descr</c>, e.g. "float32 ('&lt;f4')".</summary>
    public static string Describe(string descr) => descr switch
    {
        "<f4" => "float32 ('<f4')",
        "<f8" => "float64 ('<f8')",
        ">f4" => "big-endian float32 ('>f4')",
        ">f8" => "big-endian float64 ('>f8')",
        _ => $"dtype '{descr}'",
    };
}
