using System.Diagnostics;
using NeuralTangents.Samples.Data;
using WideResNet;

// The NNGP and NTK of Neural Tangents' infinitely wide residual network on a few Fashion-MNIST images, with timings.
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
