namespace NeuralTangents;

/// <summary>
/// A layer declared by an attribute on a <see cref="NetworkAttribute"/> model class. The attributes, read top to
/// bottom, are the layers of a <see cref="Stax.Serial"/>; each takes the arguments of its <see cref="Stax"/>
/// factory method, by the same names. The source generator reads them at compile time; at run time they are
/// only markers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
}
