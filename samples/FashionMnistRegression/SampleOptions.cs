using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleOptions(int? Train, int? Test, bool Float64, double DiagReg, long? BudgetMiB, FashionMnistSource Source, bool Help)
{
    /// <summary>The configuration of the issue: 10 000 training images and the whole test set.</summary>
    public const int DefaultTrain = 10_000, DefaultTest = 10_000;

    public const string Usage = """
        Usage: dotnet run --project samples/FashionMnistRegression -c Release -- [options]

        Exact NNGP and NTK kernel regression (Predict.GpInference, t = ∞) of the infinite-width
        Dense(512) → Relu → Dense(512) → Relu → Dense(10) network (W_std 1.5, b_std 0.05) on Fashion-MNIST:
        images flattened, scaled to [0, 1], centred and scaled to norm √784; targets one-hot minus 0.1;
        regularizer diagReg·trace(K)/n. Prints the test accuracy of each regime and the time of each stage.

          --train N        training images (default 10000; 500 from the embedded subset without the Debian package)
          --test N         test images (default 10000; 500 from the embedded subset)
          --float64        compute in double precision (default float32)
          --diag-reg R     regularizer relative to trace/n (default 1e-4)
          --budget-mib M   device working memory for kernel tiles in MiB (default: the engine's budget)
          --embedded       use the embedded 500-image subset even when the Debian package is installed
          --help           show this text

        Environment: NEURALTANGENTS_ACCELERATOR=cpu|cuda chooses the kernel device; NEURALTANGENTS_BLAS=managed
        replaces OpenBLAS/LAPACK by the managed linear algebra.
        """;

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with the option named.</exception>
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(null, null, false, 1e-4, null, FashionMnistSource.Auto, false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--train" => options with { Train = SampleCommandLine.PositiveInt(args, ref i) },
                "--test" => options with { Test = SampleCommandLine.PositiveInt(args, ref i) },
                "--float64" => options with { Float64 = true },
                "--diag-reg" => options with { DiagReg = SampleCommandLine.NonNegativeDouble(args, ref i) },
                "--budget-mib" => options with { BudgetMiB = SampleCommandLine.PositiveInt(args, ref i) },
                "--embedded" => options with { Source = FashionMnistSource.Embedded },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }
}
