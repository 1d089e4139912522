namespace NeuralTangents.Architecture.Model;

/// <summary><c>Stax.Aggregate(aggregateAxes)</c>: graph message passing; AggregateAxes null means every spatial axis.</summary>
internal sealed record AggregateNode(EquatableArray<int>? AggregateAxes) : LayerNode;
