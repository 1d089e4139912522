namespace NeuralTangents;

/// <summary>
/// A JSON network description that <see cref="NetworkJson.FromJson"/> cannot turn into a network: malformed JSON, an
/// unknown layer or argument, a value of the wrong type, a value the <see cref="Stax"/> factory rejects, or a document
/// over the size, depth or layer-count limits. <see cref="JsonPath"/> names the bad node, e.g. <c>$.layers[3].wStd</c>.
/// </summary>
public sealed class NetworkJsonException : FormatException
{
    /// <summary>Creates the exception for the node at <paramref name="jsonPath"/>.</summary>
    /// <param name="jsonPath">The JSON path of the bad node, e.g. <c>$.layers[3].wStd</c>.</param>
    /// <param name="problem">What was found and what was expected.</param>
    /// <param name="inner">The factory's exception, when it rejected the value.</param>
    public NetworkJsonException(string jsonPath, string problem, Exception? inner = null)
        : base($"{jsonPath}: {problem}", inner)
    {
        JsonPath = jsonPath;
    }

    /// <summary>The JSON path of the bad node.</summary>
    public string JsonPath { get; }
}
