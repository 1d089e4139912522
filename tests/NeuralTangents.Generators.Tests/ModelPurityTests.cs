using System.Reflection;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Planning;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// Nothing after the parser holds Roslyn objects: the types that flow through the pipeline are records of
/// numbers, strings, enums and equatable arrays, all with value equality (so caching compares content).
/// </summary>
public sealed class ModelPurityTests
{
    [Fact]
    public void Pipeline_types_hold_only_equatable_values()
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(new[] { typeof(GenerationPlan), typeof(ArchitectureModel) });
        // Every layer node kind, including those only reachable through the abstract base.
        foreach (var type in typeof(LayerNode).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(LayerNode)))) pending.Enqueue(type);
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type) || IsLeafValue(type)) continue;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                pending.Enqueue(type.GetGenericArguments()[0]);
                continue;
            }
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                pending.Enqueue(underlying);
                continue;
            }
            Assert.True(type.Namespace?.StartsWith("NeuralTangents.", StringComparison.Ordinal) == true, $"{type} is not a model type");
            Assert.True(typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type), $"{type} has no value equality");
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (property.Name == "EqualityContract") continue;
                Assert.False(property.PropertyType.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true,
                    $"{type.Name}.{property.Name} holds a Roslyn object ({property.PropertyType})");
                pending.Enqueue(property.PropertyType);
            }
        }
        Assert.Contains(typeof(LayerFacts), seen);
        Assert.Contains(typeof(DenseNode), seen);
    }

    private static bool IsLeafValue(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);
}
