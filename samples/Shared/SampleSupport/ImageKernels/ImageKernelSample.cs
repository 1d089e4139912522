using System.Diagnostics;
using NeuralTangents.Samples.Data;

namespace NeuralTangents.Samples;

/// <summary>
/// The frame of the samples that compute a kernel on Fashion-MNIST images: parse the command line, load the
/// images (a readable message when that fails), run the work in the requested precision, and time it all.
/// </summary>
public static class ImageKernelSample
{
    /// <summary>
    /// Runs the sample: returns 0 on success, 2 for a bad command line or data that cannot be loaded.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="parse">The sample's parser (throws <see cref="ArgumentException"/> on bad input).</param>
    /// <param name="usage">The usage text.</param>
    /// <param name="float32">The work in float32.</param>
    /// <param name="float64">The work in double precision (<c>--float64</c>).</param>
    public static int Run<TOptions>(string[] args, Func<string[], TOptions> parse, string usage,
        Action<LabeledImages, TOptions> float32, Action<LabeledImages, TOptions> float64)
        where TOptions : IImageKernelOptions =>
        SampleCommandLine.Run(args, parse, options => options.Help, usage, options =>
        {
            var total = Stopwatch.StartNew();
            if (SampleCommandLine.TryLoad(options.Count, 0, options.Source) is not { } data) return 2;
            Console.WriteLine($"data:       {data.SourceDescription}");
            Console.WriteLine($"load:       {total.Elapsed.TotalSeconds,8:F3} s");

            (options.Float64 ? float64 : float32)(data.Train, options);

            Console.WriteLine($"total:      {total.Elapsed.TotalSeconds,8:F3} s");
            return 0;
        });
}
