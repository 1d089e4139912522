using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// What the rules established about one node of the layer tree: its position, its runtime name, the channel
/// counts of its input branches, its output shape (single-output nodes; the first branch otherwise) and its own
/// parameter count.
/// </summary>
/// <param name="Path">Child indices from the root, dot-separated; empty for the root.</param>
/// <param name="Name">The runtime's <c>ILayer.Name</c> of the node.</param>
/// <param name="IsLeaf">Whether the node is a layer rather than a combinator (Serial, Parallel, Repeat).</param>
/// <param name="InputChannels">The channel (last) axis of each input branch.</param>
/// <param name="OutputShape">The output shape, batch axis first (-1).</param>
/// <param name="ParameterCount">Trainable scalars of the node itself (not its children).</param>
internal sealed record LayerFacts(string Path, string Name, bool IsLeaf, EquatableArray<int> InputChannels, EquatableArray<int> OutputShape, long ParameterCount);
