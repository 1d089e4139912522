using Microsoft.CodeAnalysis;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>The model classes of the samples generate specialized code (no fallback, no diagnostics, no warnings).</summary>
public sealed class SampleDeclarationTests
{
    [Fact]
    public void WideResNet_model_generates_a_split_kernel_through_blocks_fanout_parallel_and_faninsum()
    {
        var run = GeneratorHarness.Run(("WideResNetModel.cs", SampleFile("WideResNet", "WideResNetModel.cs")));
        Assert.Empty(run.GeneratorDiagnostics);
        // The generated file compiles cleanly (the sample's own file refers to types of the sample not compiled here).
        var problems = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
            .Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        string source = Assert.Single(run.Sources).Value;
        // The residual network's whole pair-major plan is stated at compile time, with the fused tail for the other engines.
        Assert.Contains("FusedKernel.ComputeAfter<float, FusedChain, FusedChain.ItemVariances>(Network, KernelHead, KernelPlan<float>, default", source);
        Assert.Contains("plan.FanOut(2);", source);
        Assert.Contains("fallbackReason: null", source);
        // Pooling over the whole map needs the full pixel-pair covariance from the input on.
        Assert.Contains("inputCovariance: global::NeuralTangents.CovarianceForm.FullSpatial, inputValuesPerPair: 38416L", source);
    }

    private static string SampleFile(string sample, string file, [System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string path = Path.Combine(directory, "samples", sample, file);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"No samples/{sample}/{file} above {caller}.");
    }
}
