namespace NeuralTangents.Architecture.Model;

/// <summary>
/// A declared network as the parser read it: where the class is (namespace, enclosing types, name), how it
/// declares its layers, its input shape and precision, and the layer tree, or why the tree could not be read.
/// Only values: no syntax, symbols or compilation.
/// </summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ContainingTypes">Declarations of the enclosing types, outermost first (e.g. <c>partial class Outer</c>).</param>
/// <param name="ClassName">The class name (with type parameters, if any).</param>
/// <param name="IsStatic">Whether the class is static.</param>
/// <param name="Form">How the layers are declared.</param>
/// <param name="InputShape">The shape of one input item without the batch axis; empty when not declared.</param>
/// <param name="Float64">Whether the generated members use double.</param>
/// <param name="Root">The layer tree; null when it could not be read at compile time.</param>
/// <param name="Diagnostics">What the parser found wrong, in source order.</param>
/// <param name="Location">The class name's location, for diagnostics about the class itself.</param>
/// <param name="Spans">Where each node of <paramref name="Root"/> is written (see <see cref="LayerSpan"/>), for diagnostics at the offending attribute or call.</param>
/// <param name="NetworkLocation">The <c>[Network]</c> attribute's location, for diagnostics about its arguments (the input shape).</param>
internal sealed record ArchitectureModel(
    string Namespace,
    EquatableArray<string> ContainingTypes,
    string ClassName,
    bool IsStatic,
    DeclarationForm Form,
    EquatableArray<int> InputShape,
    bool Float64,
    LayerNode? Root,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? Location,
    EquatableArray<LayerSpan> Spans = default,
    LocationInfo? NetworkLocation = null)
{
    /// <summary>The fully qualified name, for messages and hint names.</summary>
    public string FullName => (Namespace.Length > 0 ? Namespace + "." : "") + ClassName;
}
