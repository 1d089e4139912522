using System.Diagnostics;
using System.Globalization;
using NeuralTangents.Samples;

// Finite networks trained by SGD against the infinite-width NNGP/NTK predictions on a 1-D regression, written
// as infinite_regression.csv and infinite_regression.png.
// Usage: InfiniteRegression [--width N] [--networks N] [--steps N] [--seed N] [--out DIRECTORY]
var settings = new RegressionSettings();
string output = ".";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--out")
    {
        output = args[i + 1];
        continue;
    }
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    settings = args[i] switch
    {
        "--width" => settings with { Width = value },
        "--networks" => settings with { Networks = value },
        "--steps" => settings with { Steps = value },
        "--seed" => settings with { Seed = (ulong)value },
        _ => throw new ArgumentException($"Unknown option {args[i]}; expected --width, --networks, --steps, --seed or --out."),
    };
}

Console.WriteLine($"Dense({settings.Width}, 1.5, 0.05) – Erf – Dense({settings.Width}, 1.5, 0.05) – Erf – Dense(1, 1.5, 0.05); " +
    $"{settings.TrainCount} noisy samples of sin(x) on [−π, π].");
var clock = Stopwatch.StartNew();
var result = RegressionExperiment.Run(settings, Console.WriteLine);
var mean = result.NetworkMean;
double rmse = Math.Sqrt(mean.Select((v, i) => (v - result.NtkMean[i]) * (v - result.NtkMean[i])).Average());
int inside = result.Networks.Sum(n => n.Where((v, i) => Math.Abs(v - result.NtkMean[i]) <= 2 * result.NtkStd[i]).Count());
double meanStd = result.NtkStd.Average();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RMSE between the finite networks' mean and the NTK mean: {rmse:F4} (average NTK σ {meanStd:F4}); " +
    $"{100.0 * inside / (result.Networks.Length * result.TestX.Length):F1} % of finite-network predictions lie within the NTK ±2σ band."));
Directory.CreateDirectory(output);
string csv = Path.Combine(output, "infinite_regression.csv"), png = Path.Combine(output, "infinite_regression.png");
RegressionOutput.WriteCsv(result, csv);
RegressionOutput.WritePng(result, png);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {csv} and {png} in {clock.Elapsed.TotalSeconds:F1} s."));
