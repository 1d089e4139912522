using System.Linq;
using NeuralTangents.Architecture.Catalog;
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
        DenseNode d => LayerNames.Dense(d.OutDim, d.WStd, d.BStd, d.Standard, d.WidthScaleIn, d.WidthScaleOut),
        ActivationNode a => ActivationCatalog.Get(a.Kind).Name(a.Arguments.ToArray()),
        FanOutNode f => LayerNames.FanOut(f.Count),
        FanInSumNode => "FanInSum",
        FanInProdNode => "FanInProd",
        FanInConcatNode c => LayerNames.FanInConcat(c.Axis),
        IdentityNode => "Identity",
        FlattenNode => "Flatten",
        _ => node.GetType().Name,
    };
}
