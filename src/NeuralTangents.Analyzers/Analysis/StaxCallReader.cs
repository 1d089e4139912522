using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>
/// Reads a <c>Stax</c> factory call whose arguments are compile-time constants into the shared
/// <see cref="LayerNode"/> model. Outside <c>[Network]</c> classes run-time values are legitimate, so anything that
/// is not constant (or a layer the model does not know) reads as null: the analyzer then says nothing about it.
/// </summary>
internal static class StaxCallReader
{
    /// <summary>The runtime's factory class.</summary>
    public const string StaxType = "NeuralTangents.Stax";

    /// <summary>Whether <paramref name="invocation"/> calls a <c>Stax</c> factory.</summary>
    public static bool IsStax(IInvocationOperation invocation) =>
        invocation.TargetMethod.ContainingType?.ToDisplayString() == StaxType;

    /// <summary>The node of a constant <c>Stax</c> call, or null.</summary>
    public static LayerNode? Read(IOperation operation) =>
        Unwrap(operation) is IInvocationOperation invocation && IsStax(invocation) ? Read(invocation) : null;

    /// <summary>The node of a constant <c>Stax</c> call, or null.</summary>
    public static LayerNode? Read(IInvocationOperation invocation)
    {
        var arguments = Arguments(invocation);
        if (arguments is null) return null;
        try
        {
            return StaxCatalog.Build(invocation.TargetMethod.Name, arguments, invocation.Syntax.ToString(), null);
        }
        catch (NotEvaluableException)
        {
            return null;
        }
    }

    /// <summary>The call's arguments by parameter name (defaults included), or null when one is not constant.</summary>
    public static Dictionary<string, object?>? Arguments(IInvocationOperation invocation)
    {
        var arguments = new Dictionary<string, object?>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || !TryValue(argument.Value, out var value)) return null;
            arguments[argument.Parameter.Name] = value;
        }
        return arguments;
    }

    /// <summary>The constant value of <paramref name="operation"/>: numbers, enums, null, arrays of them, or Stax calls.</summary>
    public static bool TryValue(IOperation operation, out object? value)
    {
        value = null;
        if (operation.ConstantValue.HasValue)
        {
            value = FluentEvaluator.Constant(operation.ConstantValue.Value, operation.Type);
            return true;
        }
        switch (operation)
        {
            case IConversionOperation conversion:
                return TryValue(conversion.Operand, out value);
            case IArrayCreationOperation array:
                var items = new List<object?>();
                foreach (var element in array.Initializer?.ElementValues ?? System.Linq.Enumerable.Empty<IOperation>())
                {
                    if (!TryValue(element, out var item)) return false;
                    items.Add(item);
                }
                value = items;
                return true;
            case IDefaultValueOperation defaultValue:
                // An omitted optional argument such as Dense's bStd (a nullable double whose default is null).
                if (defaultValue.Type is { IsValueType: true, SpecialType: not SpecialType.None } type) value = FluentEvaluator.Constant(0, type);
                return true;
            case IInvocationOperation invocation when IsStax(invocation):
                value = Read(invocation);
                return value is not null;
            default:
                return false;
        }
    }

    /// <summary>The elements of a <c>params</c> argument (the layers of <c>Serial</c>), or empty.</summary>
    public static IReadOnlyList<IOperation> ParamsElements(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
            if (argument.Parameter?.Name == parameter && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                return initializer.ElementValues;
        return new IOperation[0];
    }

    /// <summary>The operation under any implicit or explicit conversions.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>The rank rule of a spatial or reshaping Stax call (the window's axes need only be counted, not constant).</summary>
    public static RankEffect RankOf(IOperation operation)
    {
        if (Unwrap(operation) is not IInvocationOperation invocation || !IsStax(invocation)) return default;
        string method = invocation.TargetMethod.Name;
        switch (method)
        {
            case "Flatten":
                return new RankEffect(method, 0, 0, 2);
            case "GlobalAvgPool":
            case "GlobalSumPool":
                return new RankEffect(method, 0, 3, 2);
            case "Conv":
            case "ConvLocal":
            case "AvgPool":
            case "SumPool":
                string window = method.StartsWith("Conv", System.StringComparison.Ordinal) ? "filter" : "window";
                foreach (var argument in invocation.Arguments)
                    if (argument.Parameter?.Name == window && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } axes }
                        && axes.ElementValues.Length is >= 1 and <= 3)
                        return new RankEffect(method, axes.ElementValues.Length + 2, 0, axes.ElementValues.Length + 2);
                return new RankEffect(method, 0, 0, 0);
            default:
                return default;
        }
    }
}
