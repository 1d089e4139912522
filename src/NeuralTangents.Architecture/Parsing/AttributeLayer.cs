using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// One layer attribute of a model class as read once for everyone who needs it (the declaration parser, the
/// analyzer's chain checks): the attribute, and its node or why it cannot be evaluated.
/// </summary>
internal sealed class AttributeLayer
{
    public AttributeLayer(AttributeData attribute, LayerNode? node, NotEvaluableException? error)
    {
        Attribute = attribute;
        Node = node;
        Error = error;
    }

    /// <summary>The attribute as written on the class.</summary>
    public AttributeData Attribute { get; }

    /// <summary>The layer it declares, or null when it cannot be evaluated.</summary>
    public LayerNode? Node { get; }

    /// <summary>Why it cannot be evaluated, or null.</summary>
    public NotEvaluableException? Error { get; }
}
