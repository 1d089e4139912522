using System.Reflection;

namespace NeuralTangents.Generators.Tests.Support;

/// <summary>
/// Builds the runtime network of a <c>Stax</c> expression given as text, by compiling it in memory: the tests parse
/// the same text with the generator's parser, so one string declares both sides of a comparison.
/// </summary>
public static class RuntimeNetworks
{
    /// <summary>The runtime layer <paramref name="expression"/> evaluates to (factory exceptions propagate unwrapped).</summary>
    public static ILayer Build(string expression)
    {
        var compilation = GeneratorHarness.Compile(("Factory.cs",
            $"using NeuralTangents;\npublic static class Factory {{ public static ILayer Make() => {expression}; }}"));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
            throw new InvalidOperationException("The expression does not compile: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)));
        var make = Assembly.Load(image.ToArray()).GetType("Factory")!.GetMethod("Make")!;
        return (ILayer)make.Invoke(null, BindingFlags.DoNotWrapExceptions, null, null, null)!;
    }
}
