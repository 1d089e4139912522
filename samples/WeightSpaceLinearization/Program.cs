using System.Diagnostics;
using System.Globalization;
using NeuralTangents.Samples;

// Weight-space linearization (Neural Tangents' examples/weight_space.py): a wide Erf network and its
// linearization trained side by side. Usage: WeightSpaceLinearization [--width N] [--epochs N] [--seed N]
var settings = new WeightSpaceSettings();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    settings = args[i] switch
    {
        "--width" => settings with { Width = value },
        "--epochs" => settings with { Epochs = value },
        "--seed" => settings with { Seed = (ulong)value },
        _ => throw new ArgumentException($"Unknown option {args[i]}; expected --width, --epochs or --seed."),
    };
}

Console.WriteLine($"Dense({settings.Width}, 1, 0.05) – Erf – Dense({settings.Classes}, 1, 0.05); momentum (lr {settings.LearningRate}, mass {settings.Mass}), " +
    $"batch {settings.BatchSize}, cross-entropy; {settings.TrainCount} train / {settings.TestCount} test points of a {settings.Classes}-class Gaussian mixture in {settings.Features} dimensions.");
Console.WriteLine("epoch  test loss (net / lin)   test accuracy (net / lin)   RMSE(f, f_lin) on test");
var clock = Stopwatch.StartNew();
var epochs = WeightSpaceExperiment.Run(settings, e => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{e.Epoch,5}  {e.NetworkLoss,8:F4} / {e.LinearLoss,-8:F4}    {e.NetworkAccuracy,8:P1} / {e.LinearAccuracy,-8:P1}      {e.TestRmse:F5}")));
double rmse = epochs[^1].TestRmse;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Final RMSE between the network and its linearization: {rmse:F5} ({(rmse < 0.05 ? "below" : "above")} 0.05, the rule of thumb for width ≥ 512); {clock.Elapsed.TotalSeconds:F1} s."));
