using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>The runtime name of a node (what <c>ILayer.Name</c> returns for the layer it declares).</summary>
internal static class NodeNames
{
    /// <summary>The name of <paramref name="node"/>.</summary>
    public static string Of(LayerNode node) => node switch
    {
        SerialNode serial => LayerNames.Serial(serial.Layers.Select(Of)),
        ParallelNode parallel => LayerNames.Parallel(parallel.Layers.Select(Of)),
        RepeatNode repeat => LayerNames.Serial(Enumerable.Repeat(Of(repeat.Block), repeat.Count)),
        _ => LeafRules.For(node)?.Name ?? node.GetType().Name,
    };
}
