using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NeuralTangents.Generators;

namespace NeuralTangents.Analyzers.Tests.Support;

/// <summary>Compiles C# against the runtime and runs <see cref="NetworkAnalyzer"/> (and, where asked, the generator) in memory.</summary>
public static class AnalyzerHarness
{
    private static readonly Lazy<MetadataReference[]> LazyReferences = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var needed = new HashSet<string> { "System.Runtime.dll", "System.Private.CoreLib.dll", "netstandard.dll", "System.Collections.dll", "System.Linq.dll", "System.Runtime.Numerics.dll" };
        return trusted.Where(path => needed.Contains(Path.GetFileName(path)))
            .Append(typeof(Stax).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    /// <summary>The references every test compilation uses.</summary>
    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>The parse options of every test compilation.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A compilation of one file, <c>Test.cs</c>.</summary>
    public static CSharpCompilation Compile(string source) => CSharpCompilation.Create("Test",
        new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, "Test.cs") }, References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The analyzer's diagnostics on <paramref name="source"/>, which must otherwise compile.</summary>
    public static ImmutableArray<Diagnostic> Analyze(string source)
    {
        var compilation = Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile: " + string.Join("; ", errors));
        return AnalyzeCompilation(compilation);
    }

    /// <summary>The analyzer's diagnostics on a compilation (it may have errors), in source order.</summary>
    public static ImmutableArray<Diagnostic> AnalyzeCompilation(Compilation compilation) => compilation
        .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer()))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
        .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();

    /// <summary>The generator's diagnostics on <paramref name="source"/> and whether it threw.</summary>
    public static (ImmutableArray<Diagnostic> Diagnostics, Exception? Exception) Generate(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        var result = driver.RunGenerators(compilation).GetRunResult();
        return (result.Diagnostics, result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null));
    }

    /// <summary>A program body wrapped in a class that uses the runtime.</summary>
    public static string Program(string statements) => $$"""
        using System;
        using NeuralTangents;

        public static class Program
        {
            public static ILayer Build()
            {
                {{statements}}
            }
        }
        """;
}
