using HyperparameterFitSample;
using NeuralTangents.Samples.Data;

namespace NeuralTangents.Tests.Samples;

/// <summary>
/// The hyperparameter-fit sample's core (<see cref="FitExperiment.Run"/>) on the first 150 training and 300 test
/// images of the embedded subset: the fit must raise the NNGP's log marginal likelihood, the likelihood the sample
/// reports after the fit (recomputed from the fitted network's own KernelFn) must be the fit's, and NNGP test
/// accuracy must not drop.
/// </summary>
public sealed class HyperparameterFitSampleTests
{
    private const int Train = 150, Test = 300;

    [Fact]
    public void Fit_on_an_embedded_subset_raises_the_likelihood_and_keeps_the_accuracy()
    {
        var data = FashionMnist.Load(Train, Test, FashionMnistSource.Embedded);
        var stages = new List<string>();
        var outcome = FitExperiment.Run(data, diagReg: 1e-4, maxIterations: 40, (name, _) => stages.Add(name));

        Assert.Equal(new[] { "preprocess", "before", "fit", "after" }, stages);
        var fit = outcome.Fit;
        Assert.True(outcome.After.LogMarginalLikelihood > outcome.Before.LogMarginalLikelihood + 1,
            $"log p(Y) went from {outcome.Before.LogMarginalLikelihood} to {outcome.After.LogMarginalLikelihood}");
        // The scores come from the networks' KernelFn, the fit from the derivative plan: same kernel to rounding, and
        // log p(Y) is a sum of n·outputs = 1 500 terms of order 1, so 1e-8 relative leaves room for rounding only.
        Assert.Equal(fit.InitialLogMarginalLikelihood, outcome.Before.LogMarginalLikelihood, 1e-8 * Math.Abs(fit.InitialLogMarginalLikelihood));
        Assert.Equal(fit.LogMarginalLikelihood, outcome.After.LogMarginalLikelihood, 1e-8 * Math.Abs(fit.LogMarginalLikelihood));
        Assert.Equal(fit.Regularizer, outcome.After.Regularizer, 1e-12 * fit.Regularizer);
        Assert.True(outcome.After.Accuracy >= outcome.Before.Accuracy,
            $"NNGP test accuracy went from {outcome.Before.Accuracy} to {outcome.After.Accuracy}");
        Assert.Equal(new[] { "wStd", "bStd" }, fit.Fitted);
    }

    [Fact]
    public void The_plot_is_a_png_and_the_csv_has_one_row_per_iterate()
    {
        var data = FashionMnist.Load(40, 10, FashionMnistSource.Embedded);
        var fit = FitExperiment.Run(data, diagReg: 1e-4, maxIterations: 3, (_, _) => { }).Fit;
        string directory = Directory.CreateTempSubdirectory("nt-fit-plot").FullName;
        try
        {
            string png = Path.Combine(directory, "fit.png"), csv = Path.Combine(directory, "fit.csv");
            LikelihoodPlot.WritePng(fit, png);
            LikelihoodPlot.WriteCsv(fit, csv);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(fit.Trace.Count + 1, lines.Length);
            Assert.StartsWith("iteration,log_marginal_likelihood", lines[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--diag-reg", "0", "positive")]
    [InlineData("--train", "-3", "positive whole number")]
    [InlineData("--bogus", null, "Unknown option")]
    public void Bad_options_are_named(string option, string? value, string expected)
    {
        string[] args = value is null ? [option] : [option, value];
        var error = Assert.Throws<ArgumentException>(() => SampleOptions.Parse(args));
        Assert.Contains(option, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
