using System.Diagnostics;
using InfiniteFcn;
using NeuralTangents.Samples.Data;

// The infinite-width NNGP and NTK of a 3-layer ReLU network on Fashion-MNIST images, with timings.
return SampleCommandLine.Run(args, SampleOptions.Parse, options => options.Help, SampleOptions.Usage, options =>
{
    var total = Stopwatch.StartNew();
    if (SampleCommandLine.TryLoad(options.Count, 0, options.Source) is not { } data) return 2;
    Console.WriteLine($"data:       {data.SourceDescription}");
    Console.WriteLine($"load:       {total.Elapsed.TotalSeconds,8:F3} s");

    if (options.Float64) KernelRun.Run<double>(data.Train, options);
    else KernelRun.Run<float>(data.Train, options);

    Console.WriteLine($"total:      {total.Elapsed.TotalSeconds,8:F3} s");
    return 0;
});
