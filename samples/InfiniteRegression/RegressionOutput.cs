using System.Globalization;
using System.Text;
using ScottPlot;

namespace NeuralTangents.Samples;

/// <summary>Writes the regression result as a CSV table and a PNG plot.</summary>
public static class RegressionOutput
{
    public static void WriteCsv(RegressionResult r, string path)
    {
        var text = new StringBuilder("x,target,nngp_mean,nngp_std,ntk_mean,ntk_std,ntk_infinity_mean,ntk_infinity_std,");
        text.Append(string.Join(",", Enumerable.Range(0, r.Networks.Length).Select(e => $"network_{e}"))).Append(",network_mean\n");
        var mean = r.NetworkMean;
        for (int i = 0; i < r.TestX.Length; i++)
        {
            var row = new[] { r.TestX[i], r.Target[i], r.NngpMean[i], r.NngpStd[i], r.NtkMean[i], r.NtkStd[i], r.NtkInfinityMean[i], r.NtkInfinityStd[i] }
                .Concat(r.Networks.Select(n => n[i])).Append(mean[i]);
            text.Append(string.Join(",", row.Select(v => v.ToString("G10", CultureInfo.InvariantCulture)))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    public static void WritePng(RegressionResult r, string path)
    {
        var plot = new Plot();
        Band(plot, r.TestX, r.NngpMean, r.NngpStd, Colors.Orange, "NNGP posterior (t = ∞) ± 2σ");
        Band(plot, r.TestX, r.NtkMean, r.NtkStd, Colors.Blue, $"NTK, gradient descent to t = {r.Steps} ± 2σ");
        for (int e = 0; e < r.Networks.Length; e++)
        {
            var curve = plot.Add.ScatterLine(r.TestX, r.Networks[e]);
            curve.Color = Colors.Black.WithAlpha(0.6);
            curve.LineWidth = 1;
            curve.LinePattern = LinePattern.Dashed;
            if (e == 0) curve.LegendText = "finite networks trained by SGD";
        }
        var target = plot.Add.ScatterLine(r.TestX, r.Target);
        target.Color = Colors.Gray;
        target.LineWidth = 1;
        target.LegendText = "sin(x)";
        var points = plot.Add.ScatterPoints(r.TrainX, r.TrainY);
        points.Color = Colors.Red;
        points.MarkerSize = 8;
        points.LegendText = "training points";
        plot.Title("Finite networks vs their infinite-width limit");
        plot.XLabel("x");
        plot.YLabel("f(x)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }

    private static void Band(Plot plot, double[] x, double[] mean, double[] std, Color color, string label)
    {
        var fill = plot.Add.FillY(x, mean.Select((m, i) => m - 2 * std[i]).ToArray(), mean.Select((m, i) => m + 2 * std[i]).ToArray());
        fill.FillColor = color.WithAlpha(0.2);
        fill.LineColor = color.WithAlpha(0);
        var line = plot.Add.ScatterLine(x, mean);
        line.Color = color;
        line.LineWidth = 2;
        line.LegendText = label;
    }
}
