using NeuralTangents.Layers;
using NeuralTangents.Serialization;

namespace NeuralTangents;

/// <summary>The layers of a network with their JSON paths, found through the recorded <see cref="Stax"/> calls as the JSON writer walks them.</summary>
internal static class HyperparameterPaths
{
    /// <summary>
    /// <paramref name="layer"/> at <paramref name="path"/> and every layer among its call's arguments, depth first in
    /// argument order (a layer argument <c>name</c> at <c>path.name</c>, an array of layers at <c>path.name[i]</c>).
    /// </summary>
    public static IEnumerable<(LayerBase Layer, string Path)> Walk(LayerBase layer, string path)
    {
        yield return (layer, path);
        if (layer.Call is not { } call) yield break;
        var parameters = StaxFactories.Resolve(call).GetParameters();
        for (int i = 0; i < parameters.Length; i++)
        {
            string child = $"{path}.{parameters[i].Name}";
            switch (call.Arguments[i])
            {
                case ILayer single:
                    foreach (var found in Walk(LayerBase.From(single, parameters[i].Name!), child)) yield return found;
                    break;
                case ILayer[] many:
                    for (int k = 0; k < many.Length; k++)
                        foreach (var found in Walk(LayerBase.From(many[k], parameters[i].Name!), $"{child}[{k}]")) yield return found;
                    break;
            }
        }
    }
}
