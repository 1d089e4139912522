using System.Diagnostics;
using System.Globalization;
using NeuralTangents.Samples;

// Function-space linearization (Neural Tangents' examples/function_space.py): the closed-form MSE dynamics of
// the empirical NTK against actual gradient descent. Usage: FunctionSpaceLinearization [--width N] [--steps N] [--seed N]
var settings = new FunctionSpaceSettings();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    settings = args[i] switch
    {
        "--width" => settings with { Width = value },
        "--steps" => settings with { Steps = value },
        "--seed" => settings with { Seed = (ulong)value },
        _ => throw new ArgumentException($"Unknown option {args[i]}; expected --width, --steps or --seed."),
    };
}

Console.WriteLine($"Dense({settings.Width}, 1, 0.05) – Erf – Dense({settings.Classes}, 1, 0.05); full-batch gradient descent (lr {settings.LearningRate}) on " +
    $"½·mean((f − y)²), {settings.TrainCount} train / {settings.TestCount} test points; prediction from the empirical NTK at initialization.");
Console.WriteLine(" step   train loss (net / NTK)   test loss (net / NTK)   RMSE(net, NTK) train / test");
var clock = Stopwatch.StartNew();
var points = FunctionSpaceExperiment.Run(settings, p => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{p.Step,5}   {p.NetworkTrainLoss,9:F5} / {p.PredictedTrainLoss,-9:F5}   {p.NetworkTestLoss,9:F5} / {p.PredictedTestLoss,-9:F5}   {p.TrainRmse:F5} / {p.TestRmse:F5}")));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {clock.Elapsed.TotalSeconds:F1} s."));
