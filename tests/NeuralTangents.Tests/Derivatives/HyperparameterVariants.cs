using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuralTangents.Tests.Derivatives;

/// <summary>
/// Networks with one hyperparameter changed, through the network's JSON description (the same path and name that
/// <see cref="Hyperparameter"/> uses), so that finite differences rebuild the network exactly as a user would.
/// </summary>
internal static class HyperparameterVariants
{
    /// <summary>The current value of <paramref name="hyperparameter"/> in <paramref name="network"/>.</summary>
    public static double ValueOf(ILayer network, Hyperparameter hyperparameter)
    {
        var (parent, key, index) = Locate(JsonNode.Parse(network.ToJson())!, hyperparameter);
        var node = index is int i ? parent[key]![i]! : parent[key]!;
        return node.GetValue<double>();
    }

    /// <summary><paramref name="network"/> with <paramref name="hyperparameter"/> set to <paramref name="value"/>.</summary>
    public static ILayer With(ILayer network, Hyperparameter hyperparameter, double value)
    {
        var root = JsonNode.Parse(network.ToJson())!;
        var (parent, key, index) = Locate(root, hyperparameter);
        if (index is int i) parent[key]![i] = value;
        else parent[key] = value;
        return NetworkJson.FromJson(root.ToJsonString());
    }

    /// <summary>The layer object at the hyperparameter's path and the argument's key (and array index for <c>name[i]</c>).</summary>
    private static (JsonNode Parent, string Key, int? Index) Locate(JsonNode root, Hyperparameter hyperparameter)
    {
        var node = root;
        foreach (string segment in hyperparameter.LayerPath.Split('.').Skip(1)) node = Step(node, segment);
        var (key, index) = Split(hyperparameter.Name);
        return (node, key, index);
    }

    private static JsonNode Step(JsonNode node, string segment)
    {
        var (key, index) = Split(segment);
        var child = node[key]!;
        return index is int i ? child[i]! : child;
    }

    private static (string Key, int? Index) Split(string segment)
    {
        int bracket = segment.IndexOf('[');
        return bracket < 0 ? (segment, null) : (segment[..bracket], int.Parse(segment[(bracket + 1)..^1], CultureInfo.InvariantCulture));
    }
}
