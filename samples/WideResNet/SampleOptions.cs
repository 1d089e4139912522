using NeuralTangents.Samples.Data;

namespace WideResNet;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleOptions(int Count, int BlockSize, int Downsample, bool Float64, long? BudgetMiB, FashionMnistSource Source, bool Help)
{
    public const string Usage = """
        Usage: dotnet run --project samples/WideResNet -c Release -- [options]

        Computes the NNGP and NTK of the infinitely wide residual network of Neural Tangents' README
        (Conv → 3 groups of WideResnetBlocks with FanOut, Parallel, FanInSum → AvgPool → Flatten → Dense)
        on the first N Fashion-MNIST training images. The default configuration in float32 runs the
        model class WideResNetModel compiled by the source generator; other options build the network
        with the Stax factory at run time. Pooling needs the full pixel-pair covariance
        (N·N·S² values for S pixels), so the cost grows with S²: downsampling by 2 is 16 times cheaper.

          --count N        images (default 4)
          --block-size B   blocks per group (default 1)
          --downsample F   average F×F pixel blocks first (default 2: 14×14 images; 1 keeps 28×28)
          --float64        compute in double precision (default float32)
          --budget-mib M   device working memory for kernel tiles in MiB (default: the engine's budget)
          --embedded       use the embedded 500-image subset even when the Debian package is installed
          --help           show this text
        """;

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with the option named.</exception>
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(4, 1, 2, false, null, FashionMnistSource.Auto, false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--count" => options with { Count = SampleCommandLine.PositiveInt(args, ref i) },
                "--block-size" => options with { BlockSize = SampleCommandLine.PositiveInt(args, ref i) },
                "--downsample" => options with { Downsample = SampleCommandLine.PositiveInt(args, ref i) },
                "--float64" => options with { Float64 = true },
                "--budget-mib" => options with { BudgetMiB = SampleCommandLine.PositiveInt(args, ref i) },
                "--embedded" => options with { Source = FashionMnistSource.Embedded },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        if (28 % options.Downsample != 0) throw new ArgumentException($"--downsample must divide 28, got {options.Downsample}.");
        return options;
    }
}
