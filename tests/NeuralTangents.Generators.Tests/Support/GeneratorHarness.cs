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
        // The assemblies the declarations and the generated code bind to (fewer references keep each compilation fast).
        var needed = new HashSet<string> { "System.Runtime.dll", "System.Private.CoreLib.dll", "netstandard.dll", "System.Collections.dll", "System.Linq.dll", "System.Runtime.Numerics.dll", "System.Console.dll", "System.Runtime.Intrinsics.dll" };
        return trusted.Where(path => needed.Contains(Path.GetFileName(path)))
            .Append(typeof(Stax).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>The text of a sample declaration in Models/.</summary>
    public static string Model(string name, [System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string path = Path.Combine(directory, "Models", name + ".cs");
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"No sample declaration Models/{name}.cs above {caller}.");
    }

    /// <summary>Every sample declaration in Models/ (file name → text).</summary>
    public static (string Path, string Text)[] AllModels([System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string models = Path.Combine(directory, "Models");
            if (Directory.Exists(models))
                return Directory.GetFiles(models, "*.cs").OrderBy(p => p, StringComparer.Ordinal).Select(p => (Path.GetFileName(p), File.ReadAllText(p))).ToArray();
        }
        throw new DirectoryNotFoundException($"No Models/ folder above {caller}.");
    }

    /// <summary>The implicit usings of an SDK project, which the sample declarations rely on.</summary>
    private const string ImplicitUsings = "global using System;\nglobal using System.Linq;\nglobal using System.Collections.Generic;\n";

    /// <summary>
    /// A compilation of <paramref name="sources"/> (file name → text) referencing the runtime, with the SDK's implicit
    /// usings and documentation comments checked (so missing or broken docs in generated code are warnings).
    /// </summary>
    public static CSharpCompilation Compile(params (string Path, string Text)[] sources) => CSharpCompilation.Create("Declarations",
        sources.Append((Path: "GlobalUsings.cs", Text: ImplicitUsings)).Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
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
        if (location == Location.None) return "(no location)";
        var span = location.GetLineSpan();
        return $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }
}
