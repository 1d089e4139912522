using NeuralTangents.Samples;
using NeuralTangents.Samples.Data;

namespace InfiniteFcn;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleOptions(int Count, bool Float64, long? BudgetMiB, FashionMnistSource Source, bool Help) : IImageKernelOptions
{
    /// <summary>500 images: the whole embedded subset, a kernel that takes seconds on two cores.</summary>
    public const int DefaultCount = FashionMnist.EmbeddedCount;

    public const string Usage = """
        Usage: dotnet run --project samples/InfiniteFcn -c Release -- [options]

        Computes the infinite-width NNGP and NTK of Dense(512) → Relu → Dense(512) → Relu → Dense(10)
        (W_std 1.5, b_std 0.05) on the first N Fashion-MNIST training images (an N × N kernel).

          --count N        images (default 500; more than 500 needs the Debian package dataset-fashion-mnist)
          --float64        compute in double precision (default float32)
          --budget-mib M   device working memory for kernel tiles in MiB (default: the engine's budget)
          --embedded       use the embedded 500-image subset even when the Debian package is installed
          --help           show this text

        Environment: NEURALTANGENTS_ACCELERATOR=cpu|cuda chooses the device; NEURALTANGENTS_BLAS=managed
        replaces OpenBLAS by the managed GEMM.
        """;

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with the option named.</exception>
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(DefaultCount, false, null, FashionMnistSource.Auto, false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--count" => options with { Count = SampleCommandLine.PositiveInt(args, ref i) },
                "--float64" => options with { Float64 = true },
                "--budget-mib" => options with { BudgetMiB = SampleCommandLine.PositiveInt(args, ref i) },
                "--embedded" => options with { Source = FashionMnistSource.Embedded },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }
}
