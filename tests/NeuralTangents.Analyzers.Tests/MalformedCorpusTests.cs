using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// Random truncations and mutations of the sample declarations (the generator tests' models, the consumer's planted
/// models, spatial networks in both forms and a program of Stax expressions): the analyzer and the generator answer only with diagnostics, never
/// with an exception (AD0001 for the analyzer, a thrown exception or NT0102 for the generator).
/// </summary>
public sealed class MalformedCorpusTests
{
    private const int VariantsPerSample = 24;

    private const string StaxProgram = """
        using System;
        using NeuralTangents;

        public static class Program
        {
            const int Width = 16;

            public static ILayer Build() => Stax.Serial(
                Stax.Dense(Width, wStd: 1.5, bStd: 0.05, parameterization: Parameterization.Standard, widthScaleIn: 1, widthScaleOut: 2),
                Stax.Relu(), Stax.Erf(1, 2, 0), Stax.Dense(8, 1.0),
                Stax.Conv(4, new[] { 3, 3 }, new[] { 1, 1 }, Padding.Same), Stax.AvgPool(new[] { 2, 2 }), Stax.LayerNorm(1e-5),
                Stax.Monomial(3), Stax.Polynomial(1, 2, 3), Stax.FanOut(2), Stax.Parallel(Stax.Identity(), Stax.Dense(8)), Stax.FanInSum(),
                Stax.Repeat(2, Stax.Serial(Stax.Dense(8), Stax.Gelu())), Stax.ElementwiseNumerical(Math.Tanh, 16), Stax.Elementwise(Math.Tanh, null!));
        }
        """;

    private const string SpatialNetworks = """
        using System;
        using NeuralTangents;

        [Network(InputShape = new[] { 9, 8, 2 }, KernelBatchSize = 100)]
        [Conv(4, new[] { 3, 3 }, Strides = new[] { 2, 2 }, Padding = Padding.Valid, WStd = 1.5, BStd = 0.1)]
        [Relu]
        [AvgPool(new[] { 2, 2 }, Strides = new[] { 1, 1 })]
        [Dropout(0.9, Mode = DropoutMode.Train)]
        [Flatten]
        [Dense(3)]
        public static partial class AttributeCnn
        {
        }

        [Network(InputShape = new[] { 12, 12, 3 }, Precision = Precision.Float64)]
        public static partial class FluentCnn
        {
            const int Channels = 8;

            static ILayer Architecture => Stax.Serial(
                Stax.Conv(Channels, new[] { 3, 3 }, new[] { 1, 1 }, Padding.Same, 1.5, 0.05), Stax.Relu(),
                Stax.LayerNorm(new[] { 1, 2, 3 }, 1e-5),
                Stax.ConvLocal(Channels, new[] { 2, 2 }, new[] { 2, 2 }, Padding.Valid),
                Stax.Erf(), Stax.SumPool(new[] { 2, 2 }, null, Padding.Circular),
                Stax.Dropout(0.8, DropoutMode.Test), Stax.GlobalAvgPool(), Stax.Dense(10));
        }

        [Network(InputShape = new[] { 28, 28, 1 })]
        [Dense(64)]
        [Relu]
        [GlobalSumPool]
        [Dense(2)]
        public static partial class PooledMlp
        {
        }
        """;

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
            if (File.Exists(Path.Combine(directory, "NeuralTangents.sln"))) return directory;
        throw new DirectoryNotFoundException("No NeuralTangents.sln above " + caller);
    }

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string> { "StaxProgram", "SpatialNetworks" };
        foreach (var file in Directory.GetFiles(Path.Combine(Root(), "tests", "NeuralTangents.Generators.Tests", "Models"), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        data.Add("Planted.cs");
        return data;
    }

    private static string Text(string sample) => sample switch
    {
        "StaxProgram" => StaxProgram,
        "SpatialNetworks" => SpatialNetworks,
        "Planted.cs" => File.ReadAllText(Path.Combine(Root(), "tests", "consumer", "Planted", "Models.cs")),
        _ => "using System;\n" + File.ReadAllText(Path.Combine(Root(), "tests", "NeuralTangents.Generators.Tests", "Models", sample)),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Truncated_and_mutated_declarations_give_only_diagnostics(string sample)
    {
        string text = Text(sample);
        var random = new System.Random(sample.Aggregate(20261201, (seed, c) => unchecked(seed * 31 + c)));
        var failures = new List<string>();
        Check(text, failures);
        for (int i = 0; i < VariantsPerSample; i++) Check(Mutate(text, random), failures);
        Assert.Empty(failures);
    }

    private static void Check(string source, List<string> failures)
    {
        var compilation = AnalyzerHarness.Compile(source);
        foreach (var diagnostic in AnalyzerHarness.AnalyzeCompilation(compilation))
            if (diagnostic.Id == "AD0001") failures.Add("analyzer threw: " + diagnostic.GetMessage() + "\n" + source);
        var (generated, exception) = AnalyzerHarness.Generate(compilation);
        if (exception is not null) failures.Add("generator threw: " + exception + "\n" + source);
        foreach (var diagnostic in generated.Where(d => d.Id == "NT0102"))
            failures.Add("generator failed: " + diagnostic.GetMessage() + "\n" + source);
    }

    private static readonly string[] Replacements = { "0", "-1", "1e308", "double.NaN", "int.MaxValue", "null", "\"x\"", "new int[0]", "Stax.Relu()", "" };

    /// <summary>One random edit: truncate, delete a span, duplicate a span, replace a number, or swap two lines.</summary>
    private static string Mutate(string text, System.Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return text.Substring(0, random.Next(text.Length));
            case 1:
            {
                int start = random.Next(text.Length);
                return text.Remove(start, Math.Min(random.Next(1, 40), text.Length - start));
            }
            case 2:
            {
                int start = random.Next(text.Length);
                string span = text.Substring(start, Math.Min(random.Next(1, 60), text.Length - start));
                return text.Insert(random.Next(text.Length), span);
            }
            case 3:
            {
                var numbers = Regex.Matches(text, @"(?<![A-Za-z_])\d+(\.\d+)?").ToList();
                if (numbers.Count == 0) return text + "}";
                var match = numbers[random.Next(numbers.Count)];
                return new StringBuilder(text).Remove(match.Index, match.Length).Insert(match.Index, Replacements[random.Next(Replacements.Length)]).ToString();
            }
            default:
            {
                var lines = text.Split('\n');
                int a = random.Next(lines.Length), b = random.Next(lines.Length);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            }
        }
    }
}
