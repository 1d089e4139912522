using System.Diagnostics;
using InfiniteFcn;
using NeuralTangents.Samples.Data;

// The infinite-width NNGP and NTK of a 3-layer ReLU network on Fashion-MNIST images, with timings.
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
FashionMnistData data;
try
{
    data = FashionMnist.Load(options.Count, 0, options.Source);
}
catch (Exception error) when (error is ArgumentOutOfRangeException or FileNotFoundException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
Console.WriteLine($"data:       {data.SourceDescription}");
Console.WriteLine($"load:       {total.Elapsed.TotalSeconds,8:F3} s");

if (options.Float64) KernelRun.Run<double>(data.Train, options);
else KernelRun.Run<float>(data.Train, options);

Console.WriteLine($"total:      {total.Elapsed.TotalSeconds,8:F3} s");
return 0;
