namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: graph message passing, the same layer as
/// <see cref="Stax.Aggregate"/>; e.g. <c>[Aggregate]</c> over every spatial axis or <c>[Aggregate(AggregateAxes = new[] { 2 })]</c>.
/// The graphs are given per call (<see cref="GraphPattern"/>).
/// </summary>
public sealed class AggregateAttribute : LayerAttribute
{
    /// <summary>The spatial axes (numbered from 1) whose positions are the graph's vertices; null (the default) means all of them.</summary>
    public int[]? AggregateAxes { get; set; }
}
