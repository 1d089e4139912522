namespace NeuralTangents.Validation;

/// <summary>The words every overflow message shares: the precision's name and what to do about it.</summary>
internal static class OverflowAdvice
{
    /// <summary>"float32" or "float64", as Neural Tangents' users name them.</summary>
    public static string Precision<T>() =>
        typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T).Name;

    /// <summary>The precision and its largest finite value, e.g. "float32 (largest value 3.4028235E+38)".</summary>
    public static string Range<T>() where T : System.Numerics.INumberBase<T> =>
        $"{Precision<T>()} (largest value {T.CreateSaturating(double.MaxValue)})";

    /// <summary>The remedy: float64 where the precision is float32, and rescaling <paramref name="inputs"/> in any case.</summary>
    public static string Remedy<T>(string inputs) => typeof(T) == typeof(float)
        ? $"Use Tensor<double> inputs (float64 holds values up to 1.8E+308) or rescale {inputs} (the kernels scale with the inputs' variance)."
        : $"Rescale {inputs} (the kernels scale with the inputs' variance) or reduce the layers' weight variances.";
}
