namespace NeuralTangents.Architecture.Model;

/// <summary>How a model class declares its layers.</summary>
internal enum DeclarationForm
{
    /// <summary>Layer attributes on the class, top to bottom.</summary>
    Attributes,

    /// <summary>A static <c>Architecture</c> property returning a <c>Stax</c> expression.</summary>
    Fluent,
}
