using System.Reflection;

namespace NeuralTangents.Serialization;

/// <summary>
/// The public <see cref="Stax"/> factory methods as JSON sees them: each under the layer name of Neural Tangents'
/// <c>stax</c> (the C# name, except the combinators <c>serial</c>, <c>parallel</c>, <c>repeat</c> and
/// <c>Sigmoid_like</c>), its overloads told apart by their parameter names.
/// </summary>
internal static class StaxFactories
{
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["Serial"] = "serial",
        ["Parallel"] = "parallel",
        ["Repeat"] = "repeat",
        ["SigmoidLike"] = "Sigmoid_like",
    };

    private static readonly Lazy<Dictionary<string, MethodInfo[]>> ByJsonName = new(() =>
        typeof(Stax).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(ILayer))
            .GroupBy(m => JsonName(m.Name))
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    /// <summary>Every layer name a description may use.</summary>
    public static IEnumerable<string> JsonNames => ByJsonName.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>The JSON layer name of a factory method.</summary>
    public static string JsonName(string method) => Renamed.TryGetValue(method, out var name) ? name : method;

    /// <summary>The overloads behind a JSON layer name, or null for an unknown name.</summary>
    public static MethodInfo[]? Overloads(string jsonName) => ByJsonName.Value.TryGetValue(jsonName, out var methods) ? methods : null;

    /// <summary>The overload a recorded call went through: its name, its number of arguments and their types.</summary>
    public static MethodInfo Resolve(LayerCall call)
    {
        var matches = (Overloads(JsonName(call.Method)) ?? [])
            .Where(m => m.GetParameters() is var parameters && parameters.Length == call.Arguments.Length &&
                        parameters.Zip(call.Arguments).All(p => p.Second is null || p.First.ParameterType.IsInstanceOfType(p.Second)))
            .ToArray();
        return matches.Length == 1 ? matches[0]
            : throw new InvalidOperationException($"The recorded call Stax.{call.Method} with {call.Arguments.Length} arguments matches {matches.Length} factory overloads.");
    }

    /// <summary>Whether a parameter takes a delegate, which no JSON value describes.</summary>
    public static bool IsDelegate(ParameterInfo parameter) => typeof(Delegate).IsAssignableFrom(parameter.ParameterType);
}
