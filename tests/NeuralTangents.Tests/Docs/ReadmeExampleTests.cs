using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Docs;

/// <summary>Console output is redirected while the example runs, so nothing else may run beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "console capture";
}

/// <summary>
/// The C# example on the README's first screen is compiled and run as it stands (with the implicit usings of a
/// new console project), so it cannot drift from the API; its printed kernel values are checked against the
/// arc-cosine recursion for a ReLU network, written here independently of the library.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed partial class ReadmeExampleTests
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly HashSet<string> FrameworkReferences = new()
    {
        "System.Private.CoreLib", "System.Runtime", "System.Console", "System.Linq", "System.Collections",
        "System.Net.Http", "System.Threading", "System.Threading.Tasks", "System.Runtime.Intrinsics", "netstandard",
    };

    [Fact]
    public void Readme_example_compiles_without_warnings_and_prints_the_relu_kernel_values()
    {
        string code = ReadmeCSharpBlock();
        var assembly = Compile(code);

        string output = Run(assembly);

        var match = PrintedValues().Match(output);
        Assert.True(match.Success, $"The README example printed '{output.Trim()}', not the NNGP/NTK line it documents.");
        double nngp = double.Parse(match.Groups["nngp"].Value, CultureInfo.InvariantCulture);
        double ntk = double.Parse(match.Groups["ntk"].Value, CultureInfo.InvariantCulture);
        Assert.Equal("(4, 10)", match.Groups["shape"].Value);

        // The inputs of the example: x1 = sin(0…11) as 4 × 3, x2 = cos(0…5) as 2 × 3; entry (0, 1) pairs x1 row 0 with x2 row 1.
        double[] a = { Math.Sin(0), Math.Sin(1), Math.Sin(2) };
        double[] b = { Math.Cos(3), Math.Cos(4), Math.Cos(5) };
        var (expectedNngp, expectedNtk) = ReluFcnKernel(a, b, hiddenLayers: 2, wStd: 1.5, bStd: 0.05);
        // Printed with four decimals from a float32 computation.
        Assert.Equal(expectedNngp, nngp, 6e-4);
        Assert.Equal(expectedNtk, ntk, 6e-4);
        Assert.True(ntk > nngp && nngp > 0, $"For this ReLU network NTK > NNGP > 0 is expected, got NNGP {nngp}, NTK {ntk}.");
    }

    [Fact]
    public void Readme_starts_with_the_sample_and_test_commands()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        string firstScreen = string.Join('\n', readme.Split('\n').Take(30));

        Assert.Contains("dotnet run --project samples/InfiniteFcn -c Release", firstScreen);
        Assert.Contains("dotnet test NeuralTangents.sln", firstScreen);
        Assert.Contains("```csharp", firstScreen);
    }

    [GeneratedRegex(@"NNGP\[0,1\] = (?<nngp>-?[0-9.]+), NTK\[0,1\] = (?<ntk>-?[0-9.]+), f\(x1\) (?<shape>\(\d+, \d+\))")]
    private static partial Regex PrintedValues();

    /// <summary>
    /// NNGP and NTK of one input pair through (Dense → ReLU)×hidden → Dense in the NTK parameterization:
    /// K ← σw²K + σb², Θ ← K + σw²Θ per Dense; per ReLU K ← √(q1q2)/(2π)(sin θ + (π − θ)cos θ), Θ ← Θ(π − θ)/(2π).
    /// </summary>
    private static (double Nngp, double Ntk) ReluFcnKernel(double[] a, double[] b, int hiddenLayers, double wStd, double bStd)
    {
        int d = a.Length;
        double k = a.Zip(b, (u, v) => u * v).Sum() / d, qa = a.Sum(u => u * u) / d, qb = b.Sum(v => v * v) / d, t = 0;
        double w2 = wStd * wStd, b2 = bStd * bStd;
        for (int layer = 0; ; layer++)
        {
            k = w2 * k + b2;
            t = k + w2 * t;
            qa = w2 * qa + b2;
            qb = w2 * qb + b2;
            if (layer == hiddenLayers) return (k, t);
            double norm = Math.Sqrt(qa * qb), theta = Math.Acos(Math.Clamp(k / norm, -1, 1));
            k = norm / (2 * Math.PI) * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta));
            t *= (Math.PI - theta) / (2 * Math.PI);
            qa /= 2;
            qb /= 2;
        }
    }

    private static string ReadmeCSharpBlock()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var block = Regex.Match(readme, "```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no ```csharp block.");
        return block.Groups["code"].Value;
    }

    private static Assembly Compile(string code)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[] { CSharpSyntaxTree.ParseText(code, parse, "README.md"), CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs") };
        // The assemblies a console project's implicit usings and the example touch; referencing the whole
        // shared framework works too but is slower to load.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => FrameworkReferences.Contains(Path.GetFileNameWithoutExtension(path)))
            .Append(typeof(Stax).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("ReadmeExample", trees, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS8019").ToList();
        Assert.True(result.Success && problems.Count == 0,
            "The README example does not compile cleanly:\n" + string.Join('\n', problems));
        return Assembly.Load(image.ToArray());
    }

    private static string Run(Assembly assembly)
    {
        var entry = assembly.EntryPoint!;
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
        }
        finally
        {
            Console.SetOut(original);
        }
        return captured.ToString();
    }
}
