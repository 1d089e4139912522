using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests.Validation;

/// <summary>A fluent <c>Stax</c> expression through the shared parser and validator, and through the runtime.</summary>
internal static class ExpressionValidation
{
    /// <summary>The layer tree of <paramref name="expression"/> as the generator and the analyzers read it.</summary>
    public static LayerNode? Parse(string expression, out EquatableArray<DiagnosticInfo> diagnostics)
    {
        var compilation = GeneratorHarness.Compile(("Net.cs",
            $"using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] {{ 1 }})] public static partial class Net {{ static ILayer Architecture => {expression}; }}"));
        var model = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.Net")!, compilation, CancellationToken.None);
        diagnostics = model.Diagnostics;
        return model.Root;
    }

    /// <summary>
    /// Validates <paramref name="expression"/> on items of <paramref name="itemShape"/>, asserts that a rule is broken and
    /// that the runtime network throws it with the same id and message (from Init, Apply or KernelFn), and returns the
    /// validation.
    /// </summary>
    public static ValidationResult AssertViolationMatchesRuntime(string expression, int[] itemShape)
    {
        var root = Parse(expression, out var diagnostics);
        Assert.Empty(diagnostics);
        var validation = ArchitectureValidator.Validate(root!, itemShape);
        Assert.NotNull(validation.Violation);
        var error = Assert.ThrowsAny<NetworkDefinitionException>(() =>
        {
            var network = RuntimeNetworks.Build(expression);
            // Shape rules first on a batch of unknown size, as the validator sees it (messages show the batch axis as -1).
            network.Init<double>(new PrngKey(0), new[] { -1 }.Concat(itemShape).ToArray());
            var shape = new[] { 3 }.Concat(itemShape).ToArray();
            var x = Tensor<double>.Zeros(shape);
            for (int i = 0; i < x.Data.Length; i++) x.Data[i] = Math.Sin(i + 1);
            network.Apply(network.Init<double>(new PrngKey(0), shape), x);
            network.KernelFn(x);
        });
        Assert.Equal(error.RuleId, validation.Violation!.Id);
        Assert.StartsWith(validation.Violation.ToString(), error.Message, StringComparison.Ordinal);
        return validation;
    }
}
