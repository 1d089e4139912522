using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// Reads the layer attributes of a model class. Each <c>[XAttribute]</c> stands for <c>Stax.X</c>: its
/// constructor and named arguments bind to the factory's parameters by name (case-insensitively), and what
/// the attribute leaves out takes the factory's own default, read from the factory's signature so that the two
/// forms cannot drift apart.
/// </summary>
internal static class AttributeStackReader
{
    /// <summary>The runtime's base class of layer attributes.</summary>
    public const string LayerAttribute = "NeuralTangents.LayerAttribute";

    private const string StaxType = "NeuralTangents.Stax";

    /// <summary>Whether <paramref name="attribute"/> declares a layer.</summary>
    public static bool IsLayer(AttributeData attribute)
    {
        for (var type = attribute.AttributeClass?.BaseType; type is not null; type = type.BaseType)
            if (type.ToDisplayString() == LayerAttribute) return true;
        return false;
    }

    /// <summary>Every layer attribute of <paramref name="type"/> in declaration order, each read into its node or its reason not to be.</summary>
    public static IReadOnlyList<AttributeLayer> ReadStack(INamedTypeSymbol type, Compilation compilation)
    {
        var stack = new List<AttributeLayer>();
        foreach (var attribute in type.GetAttributes().Where(IsLayer))
        {
            try
            {
                stack.Add(new AttributeLayer(attribute, Read(attribute, compilation), null));
            }
            catch (NotEvaluableException error)
            {
                stack.Add(new AttributeLayer(attribute, null, error));
            }
        }
        return stack;
    }

    /// <summary>The node for one layer attribute.</summary>
    /// <exception cref="NotEvaluableException">The attribute names no known factory or lacks a required argument.</exception>
    public static LayerNode Read(AttributeData attribute, Compilation compilation)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax();
        string text = syntax?.ToString() ?? attribute.ToString();
        var location = Locations.Of(syntax);
        string className = attribute.AttributeClass?.Name ?? "";
        string method = className.EndsWith("Attribute", StringComparison.Ordinal) ? className.Substring(0, className.Length - "Attribute".Length) : className;

        var given = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var constructor = attribute.AttributeConstructor;
        for (int i = 0; i < attribute.ConstructorArguments.Length && constructor is not null && i < constructor.Parameters.Length; i++)
            given[constructor.Parameters[i].Name] = Value(attribute.ConstructorArguments[i]);
        foreach (var named in attribute.NamedArguments) given[named.Key] = Value(named.Value);

        var overloads = compilation.GetTypeByMetadataName(StaxType)?.GetMembers(method).OfType<IMethodSymbol>().Where(m => m.IsStatic).ToList()
            ?? new List<IMethodSymbol>();
        if (overloads.Count == 0) throw new NotEvaluableException(text, $"there is no factory Stax.{method} for [{method}]", location);
        // An attribute stands for the overload that takes every argument it gives (e.g. [LayerNorm(Axis = …)] is
        // LayerNorm(axis, epsilon)); among those, the one with the fewest parameters it leaves to their defaults.
        var factory = overloads
            .Where(m => given.Keys.All(name => m.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(m => m.Parameters.Length)
            .FirstOrDefault()
            ?? throw new NotEvaluableException(text, $"no overload of Stax.{method} takes the arguments {string.Join(", ", given.Keys)}", location);

        var arguments = new Dictionary<string, object?>();
        foreach (var parameter in factory.Parameters)
        {
            if (given.TryGetValue(parameter.Name, out var value))
                arguments[parameter.Name] = Normalize(value, parameter);
            else if (parameter.HasExplicitDefaultValue)
                arguments[parameter.Name] = FluentEvaluator.Constant(parameter.ExplicitDefaultValue, parameter.Type);
            else if (parameter.IsParams)
                arguments[parameter.Name] = Array.Empty<object?>();
            else
                throw new NotEvaluableException(text, $"[{method}] does not give Stax.{method}'s argument '{parameter.Name}'", location);
        }
        return StaxCatalog.Build(method, arguments, text, location);
    }

    private static object? Value(TypedConstant constant) => constant.Kind switch
    {
        TypedConstantKind.Array => constant.IsNull ? null : constant.Values.Select(Value).ToArray(),
        TypedConstantKind.Enum => FluentEvaluator.Constant(constant.Value, constant.Type),
        _ => FluentEvaluator.Constant(constant.Value, constant.Type),
    };

    /// <summary>Attributes cannot hold nullable values: NaN given for a nullable double parameter means null (e.g. Dense's BStd).</summary>
    private static object? Normalize(object? value, IParameterSymbol parameter) =>
        value is double d && double.IsNaN(d) && parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? null : value;
}
