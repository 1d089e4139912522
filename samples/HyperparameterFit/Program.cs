using System.Diagnostics;
using System.Globalization;
using HyperparameterFitSample;
using NeuralTangents;
using NeuralTangents.Samples.Data;

// Type-II maximum likelihood for an infinite network: fits W_std, b_std and the regularizer of the README's FCN on
// Fashion-MNIST by the NNGP's log marginal likelihood, and compares NNGP regression before and after.
return SampleCommandLine.Run(args, SampleOptions.Parse, options => options.Help, SampleOptions.Usage, options =>
{
    CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    var total = Stopwatch.StartNew();
    bool system = options.Source != FashionMnistSource.Embedded && FashionMnist.IsInstalled();
    int fallback = FashionMnist.EmbeddedCount;
    int train = options.Cost ? options.CostSize : options.Train ?? (system ? SampleOptions.DefaultTrain : fallback);
    int test = options.Cost ? 1 : options.Test ?? (system ? SampleOptions.DefaultTest : fallback);
    if (SampleCommandLine.TryLoad(train, test, options.Source) is not { } data) return 2;
    Console.WriteLine($"data:        {data.SourceDescription}");
    Console.WriteLine($"load:        {total.Elapsed.TotalSeconds,8:F3} s");

    if (options.Cost)
    {
        CostCheck.Run(data, train, options.CostRepeats);
        Console.WriteLine($"total:       {total.Elapsed.TotalSeconds,8:F3} s");
        return 0;
    }

    Console.WriteLine($"network:     {FitNetwork.Description}");
    Console.WriteLine($"fitting:     wStd, bStd (each tied across the Dense layers) and diagReg, on the NNGP's log p(Y_train), {data.Train.Count} training images");
    Console.WriteLine($"solver:      {Predict.LinearAlgebraBackendName}");
    var stopwatch = Stopwatch.StartNew();
    var progress = new ConsoleProgress(iterate => Console.WriteLine(
        $"  iteration {iterate.Iteration,3}: log p(Y) {iterate.LogMarginalLikelihood,14:F3}  wStd {iterate.Values["wStd"],8:G5}  bStd {iterate.Values["bStd"],10:G5}  " +
        $"diagReg {iterate.DiagReg,10:G4}  |gradient| {iterate.GradientNorm,10:G3}  evaluations {iterate.Evaluations}"));
    var outcome = FitExperiment.Run(data, options.DiagReg, options.MaxIterations, (name, what) =>
    {
        Console.WriteLine($"{name + ":",-12} {stopwatch.Elapsed.TotalSeconds,8:F3} s  {what}");
        stopwatch.Restart();
    }, progress);

    var fit = outcome.Fit;
    Console.WriteLine($"fitted:      wStd {fit.Values["wStd"]:G6}, bStd {fit.Values["bStd"]:G6}, diagReg {fit.DiagReg:G6} (λ = {fit.Regularizer:G6})");
    Console.WriteLine($"log p(Y):    before {outcome.Before.LogMarginalLikelihood:F3}   after {outcome.After.LogMarginalLikelihood:F3}   (per training item and output: " +
                      $"{outcome.Before.LogMarginalLikelihood / yCount(data):F4} → {outcome.After.LogMarginalLikelihood / yCount(data):F4})");
    Console.WriteLine($"accuracy:    NNGP before {outcome.Before.Accuracy:F4}   after {outcome.After.Accuracy:F4}   ({data.Test.Count} test images)");

    LikelihoodPlot.WritePng(fit, options.Plot);
    string csv = Path.ChangeExtension(options.Plot, ".csv");
    LikelihoodPlot.WriteCsv(fit, csv);
    Console.WriteLine($"plot:        {options.Plot} (likelihood along the path; numbers in {csv})");
    Console.WriteLine($"total:       {total.Elapsed.TotalSeconds,8:F3} s");
    return 0;

    static double yCount(FashionMnistData data) => (double)data.Train.Count * data.Train.Classes;
});
