using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// What the rules established about one node of the layer tree: its position, its runtime name, the channel
/// counts of its input branches, its output shape (single-output nodes; the first branch otherwise), its own
/// parameter count, and for the kernel the covariance it needs of its input and the values per pair of items it
/// holds while it runs.
/// </summary>
/// <param name="Path">Child indices from the root, dot-separated; empty for the root.</param>
/// <param name="Name">The runtime's <c>ILayer.Name</c> of the node.</param>
/// <param name="IsLeaf">Whether the node is a layer rather than a combinator (Serial, Parallel, Repeat).</param>
/// <param name="InputChannels">The channel (last) axis of each input branch.</param>
/// <param name="OutputShape">The output shape, batch axis first (-1).</param>
/// <param name="ParameterCount">Trainable scalars of the node itself (not its children).</param>
/// <param name="Covariance">
/// The covariance the kernel engine keeps of the node's input for it (<see cref="SpatialForm.None"/> when no spatial
/// axes reach it, or when the kernel rules do not hold).
/// </param>
/// <param name="ValuesPerPair">
/// Values per pair of items and per kernel array that a leaf's input and output hold at once in the forms the
/// engine stores them (a spatial layer holds both); 0 for combinators and when the kernel rules do not hold.
/// </param>
internal sealed record LayerFacts(string Path, string Name, bool IsLeaf, EquatableArray<int> InputChannels, EquatableArray<int> OutputShape, long ParameterCount,
    SpatialForm Covariance = SpatialForm.None, long ValuesPerPair = 0);
