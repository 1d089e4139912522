namespace NeuralTangents.Architecture.Catalog;

/// <summary>The C# type of a factory argument, as far as the model needs it.</summary>
internal enum ArgumentType
{
    Double,
    Int,
    Bool,
    DoubleArray,
}
