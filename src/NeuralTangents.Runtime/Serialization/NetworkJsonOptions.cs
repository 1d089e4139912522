namespace NeuralTangents;

/// <summary>
/// Limits and layout for <see cref="NetworkJson"/>. The limits bound what a description received from elsewhere can
/// cost before any layer is built: its size, its nesting and the number of layers it expands to.
/// </summary>
public sealed record NetworkJsonOptions
{
    /// <summary>The defaults: 16 MiB, depth 64, 100 000 layers, indented output.</summary>
    public static NetworkJsonOptions Default { get; } = new();

    /// <summary>The largest description read, in UTF-16 characters (constant matrices of DotGeneral make descriptions large).</summary>
    public int MaxLength { get; init; } = 16 << 20;

    /// <summary>The deepest nesting of JSON objects and arrays (each combinator adds two: its object and its layers array).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most layers a description may expand to, counting every copy of a <c>repeat</c>.</summary>
    public int MaxLayers { get; init; } = 100_000;

    /// <summary>Whether <see cref="NetworkJson.ToJson"/> indents its output.</summary>
    public bool Indented { get; init; } = true;
}
