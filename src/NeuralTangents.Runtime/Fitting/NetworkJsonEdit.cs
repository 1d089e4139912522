using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuralTangents.Fitting;

/// <summary>
/// Reads and sets scalar arguments in a network's JSON description (<see cref="NetworkJson"/>) at the paths
/// <see cref="Hyperparameter"/> uses: <c>$.layers[2]</c> then the argument name, <c>coef[1]</c> for an array element.
/// </summary>
internal static class NetworkJsonEdit
{
    /// <summary>The value of <paramref name="hyperparameter"/> in the description <paramref name="root"/>.</summary>
    public static double Get(JsonNode root, Hyperparameter hyperparameter)
    {
        var (parent, key, index) = Locate(root, hyperparameter);
        var node = index is int i ? parent[key]?[i] : parent[key];
        return node?.GetValue<double>()
            ?? throw new InvalidOperationException($"The network's JSON has no value at {hyperparameter}.");
    }

    /// <summary>Sets <paramref name="hyperparameter"/> to <paramref name="value"/> in the description <paramref name="root"/>.</summary>
    public static void Set(JsonNode root, Hyperparameter hyperparameter, double value)
    {
        var (parent, key, index) = Locate(root, hyperparameter);
        if (index is int i) parent[key]![i] = value;
        else parent[key] = value;
    }

    private static (JsonNode Parent, string Key, int? Index) Locate(JsonNode root, Hyperparameter hyperparameter)
    {
        var node = root;
        foreach (string segment in hyperparameter.LayerPath.Split('.').Skip(1))
        {
            var (key, index) = Split(segment);
            var child = node[key] ?? throw new InvalidOperationException($"The network's JSON has no '{key}' on the way to {hyperparameter}.");
            node = index is int i ? child[i]! : child;
        }
        var (name, element) = Split(hyperparameter.Name);
        return (node, name, element);
    }

    private static (string Key, int? Index) Split(string segment)
    {
        int bracket = segment.IndexOf('[');
        return bracket < 0 ? (segment, null) : (segment[..bracket], int.Parse(segment[(bracket + 1)..^1], CultureInfo.InvariantCulture));
    }
}
