using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NeuralTangents.Generators.Tests.Support;

/// <summary>Runs <see cref="NetworkGenerator"/> in memory over C# sources compiled against the runtime.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted.Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Stax).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A compilation of <paramref name="sources"/> (file name → text) referencing the runtime.</summary>
    public static CSharpCompilation Compile(params (string Path, string Text)[] sources) => CSharpCompilation.Create("Declarations",
        sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver that records its incremental steps.</summary>
    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params (string Path, string Text)[] sources)
    {
        var compilation = Compile(sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, compilation, output, generatorDiagnostics);
    }

    /// <summary>Runs the generator over one declaration file.</summary>
    public static GeneratorRun Run(string source) => Run(("Declarations.cs", source));
}

/// <summary>The outcome of a generator run.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The generated files (hint name → text), without the post-initialization file.</summary>
    public IReadOnlyDictionary<string, string> Sources => Driver.GetRunResult().Results.Single().GeneratedSources
        .Where(s => s.HintName != "NeuralTangents.IlgpuAccess.g.cs")
        .ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Every diagnostic of the generated compilation (compiler and generator), errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics()
        .Concat(GeneratorDiagnostics)
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();

    /// <summary>The diagnostics the generator reported, as text lines: id, severity, position and message.</summary>
    public string DiagnosticsText => string.Join("\n", GeneratorDiagnostics
        .OrderBy(d => d.Location.SourceSpan.Start)
        .Select(d => $"{d.Id} {d.Severity} {Position(d.Location)}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")) + "\n";

    private static string Position(Location location)
    {
        if (!location.IsInSource) return "(no location)";
        var span = location.GetLineSpan();
        return $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }
}
