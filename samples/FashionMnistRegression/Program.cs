using System.Diagnostics;
using FashionMnistRegression;
using NeuralTangents.Samples.Data;

// Exact NNGP and NTK regression of an infinitely wide ReLU network (fully connected or convolutional) on
// Fashion-MNIST, with stage timings.
return SampleCommandLine.Run(args, SampleOptions.Parse, options => options.Help, SampleOptions.Usage, options =>
{
    var total = Stopwatch.StartNew();
    bool system = options.Source != FashionMnistSource.Embedded && FashionMnist.IsInstalled();
    int fallback = FashionMnist.EmbeddedCount;
    int train = options.Train ?? (system ? options.Network.DefaultTrain : fallback);
    int test = options.Test ?? (system ? SampleOptions.DefaultTest : fallback);
    if (SampleCommandLine.TryLoad(train, test, options.Source) is not { } data) return 2;
    Console.WriteLine($"data:        {data.SourceDescription}");
    Console.WriteLine($"load:        {total.Elapsed.TotalSeconds,8:F3} s");

    if (options.Float64) RegressionRun.Run<double>(data, options);
    else RegressionRun.Run<float>(data, options);

    Console.WriteLine($"total:       {total.Elapsed.TotalSeconds,8:F3} s");
    return 0;
});
