using System.Text;
using System.Text.Json;
using NeuralTangents.Serialization;

namespace NeuralTangents;

/// <summary>
/// Networks as data: a JSON description of any network made by <see cref="Stax"/> that reads back into a network with
/// the same layers, hyperparameters and kernels. Each layer is an object naming the layer as Neural Tangents' <c>stax</c>
/// does, with the factory's arguments under their C# parameter names:
/// <code>{"layer": "serial", "layers": [{"layer": "Dense", "outDim": 512, "wStd": 1.5, "bStd": 0.05, …}, {"layer": "Relu"}, …]}</code>
/// </summary>
/// <remarks>
/// <para><b>Names.</b> Layer names are the <see cref="Stax"/> method names, except <c>serial</c>, <c>parallel</c>,
/// <c>repeat</c> and <c>Sigmoid_like</c> (Neural Tangents' spellings). Arguments are the factory's parameter names
/// (<c>outDim</c>, <c>wStd</c>, <c>filter</c>, …); overloads (<c>LayerNorm</c>, <c>DotGeneral</c>) are told apart by
/// the arguments given.</para>
/// <para><b>Values.</b> Numbers for int and double arguments (doubles written round-trippably), true/false, null for
/// an absent optional value, enum members by name (read case-insensitively: <c>"Same"</c>, <c>"SAME"</c>), arrays for
/// arrays, arrays of rows for matrices, a layer object for a layer and an array of them for layers. An <c>Index</c>
/// entry is <c>":"</c> (the whole axis), an integer (one position) or <c>{"start": 1, "stop": null, "step": 2}</c>.</para>
/// <para><b>Writing</b> gives every argument, defaults included, so a description keeps its meaning if a default
/// changes. <b>Reading</b> fills missing optional arguments with the factory's defaults and calls the factory, so its
/// validation is the validation. Layers whose arguments are delegates (<c>Elementwise</c>, <c>ElementwiseNumerical</c>,
/// <c>GlobalSelfAttention</c> with a <c>posEmbDecayFn</c>) carry code and have no description.</para>
/// </remarks>
public static class NetworkJson
{
    /// <summary>The property holding a layer's name.</summary>
    internal const string LayerProperty = "layer";

    /// <summary>The JSON description of <paramref name="network"/> (see <see cref="NetworkJson"/> for the form).</summary>
    /// <param name="network">A layer or network made by <see cref="Stax"/> (or a <c>[Network]</c> class's <c>Network</c>).</param>
    /// <param name="options">Layout; null means <see cref="NetworkJsonOptions.Default"/>.</param>
    /// <exception cref="NotSupportedException">A layer takes a delegate, or was not made by a <see cref="Stax"/> factory; the message gives its JSON path.</exception>
    public static string ToJson(this ILayer network, NetworkJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = (options ?? NetworkJsonOptions.Default).Indented }))
            LayerJsonWriter.Write(writer, network, "$");
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The network a JSON description gives (see <see cref="NetworkJson"/> for the form).</summary>
    /// <param name="json">The description.</param>
    /// <param name="options">Size, depth and layer-count limits; null means <see cref="NetworkJsonOptions.Default"/>.</param>
    /// <exception cref="NetworkJsonException">
    /// The JSON is malformed or over a limit, or a node is not a valid layer: unknown layer or argument, a value of the
    /// wrong type, or a value the factory rejects. <see cref="NetworkJsonException.JsonPath"/> names the node.
    /// </exception>
    public static ILayer FromJson(string json, NetworkJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= NetworkJsonOptions.Default;
        if (json.Length > options.MaxLength)
            throw new NetworkJsonException("$", $"the description has {json.Length} characters, more than {options.MaxLength} (NetworkJsonOptions.MaxLength).");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        }
        catch (JsonException malformed)
        {
            throw new NetworkJsonException(malformed.Path ?? "$",
                $"not valid JSON (line {malformed.LineNumber + 1}, byte {malformed.BytePositionInLine + 1}; nesting is limited to depth {options.MaxDepth}): {malformed.Message}", malformed);
        }
        using (document)
            return new LayerJsonReader(options).Layer(document.RootElement, "$");
    }
}
