using System.Diagnostics;
using FashionMnistRegression;
using NeuralTangents.Samples.Data;

// Exact NNGP and NTK regression of an infinitely wide 3-layer ReLU network on Fashion-MNIST, with stage timings.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(SampleOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(SampleOptions.Usage);
    return 0;
}

var total = Stopwatch.StartNew();
bool system = options.Source != FashionMnistSource.Embedded && FashionMnist.IsInstalled();
int fallback = FashionMnist.EmbeddedCount;
int train = options.Train ?? (system ? SampleOptions.DefaultTrain : fallback);
int test = options.Test ?? (system ? SampleOptions.DefaultTest : fallback);
FashionMnistData data;
try
{
    data = FashionMnist.Load(train, test, options.Source);
}
catch (Exception error) when (error is ArgumentOutOfRangeException or FileNotFoundException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
Console.WriteLine($"data:        {data.SourceDescription}");
Console.WriteLine($"load:        {total.Elapsed.TotalSeconds,8:F3} s");

if (options.Float64) RegressionRun.Run<double>(data, options);
else RegressionRun.Run<float>(data, options);

Console.WriteLine($"total:       {total.Elapsed.TotalSeconds,8:F3} s");
return 0;
