namespace NeuralTangents.Architecture.Model;

/// <summary>
/// Where one node of a declared layer tree is written, as plain values: the node's declared path, the span of its
/// attribute or <c>Stax</c> call, and the <c>[Block]</c> calls it was inlined through.
/// </summary>
/// <param name="Path">
/// Child indices from the root, dot-separated, as the validator's paths (<c>LayerFacts.Path</c>) except that the
/// copies of a <c>Repeat</c> share their block, child 0; empty for the root.
/// </param>
/// <param name="Location">The attribute or the <c>Stax</c> call that declares the node.</param>
/// <param name="BlockCalls">The <c>[Block]</c> method calls the node was reached through, outermost first; empty when none.</param>
internal sealed record LayerSpan(string Path, LocationInfo Location, EquatableArray<LocationInfo> BlockCalls);
