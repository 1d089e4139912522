namespace NeuralTangents;

/// <summary>
/// Marks a static method of a <see cref="NetworkAttribute"/> model class that returns a part of the network
/// (an <see cref="ILayer"/> built from <see cref="Stax"/> calls). The source generator inlines each call with its
/// arguments, which must be compile-time constants or the block's own parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class BlockAttribute : Attribute
{
}
