using System.Globalization;
using System.Text;
using NeuralTangents;
using ScottPlot;

namespace HyperparameterFitSample;

/// <summary>The log marginal likelihood along the fit's path, as a PNG (ScottPlot, headless) and a CSV of the same numbers.</summary>
internal static class LikelihoodPlot
{
    /// <summary>Writes the PNG of log p(Y) against the L-BFGS iteration.</summary>
    public static void WritePng(HyperparameterFitResult fit, string path)
    {
        var plot = new Plot();
        double[] iterations = fit.Trace.Select(t => (double)t.Iteration).ToArray();
        double[] likelihood = fit.Trace.Select(t => t.LogMarginalLikelihood).ToArray();
        var line = plot.Add.Scatter(iterations, likelihood);
        line.LineWidth = 2;
        line.MarkerSize = 6;
        var first = fit.Trace[0];
        var last = fit.Trace[^1];
        plot.Title($"NNGP log marginal likelihood along the fit: W_std {Value(first, "wStd")} → {Value(last, "wStd")}, " +
                   $"b_std {Value(first, "bStd")} → {Value(last, "bStd")}");
        plot.XLabel("L-BFGS iteration");
        plot.YLabel("log p(Y_train)");
        plot.SavePng(path, 900, 560);
    }

    /// <summary>Writes iteration, likelihood, gradient norm, evaluations, diagReg and every value, one row per iterate.</summary>
    public static void WriteCsv(HyperparameterFitResult fit, string path)
    {
        var names = fit.Trace[0].Values.Keys.ToArray();
        var text = new StringBuilder("iteration,log_marginal_likelihood,gradient_norm,evaluations,diag_reg,")
            .Append(string.Join(",", names)).Append('\n');
        foreach (var t in fit.Trace)
        {
            var row = new[] { t.Iteration, t.LogMarginalLikelihood, t.GradientNorm, t.Evaluations, t.DiagReg }.Concat(names.Select(n => t.Values[n]));
            text.Append(string.Join(",", row.Select(v => v.ToString("G10", CultureInfo.InvariantCulture)))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Value(HyperparameterFitIteration iterate, string name) => iterate.Values[name].ToString("G4", CultureInfo.InvariantCulture);
}
