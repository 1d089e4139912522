using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleOptions(
    RegressionNetwork Network, int? Train, int? Test, bool Float64, double DiagReg, long? BudgetMiB, FashionMnistSource Source, bool Help)
{
    /// <summary>Test images by default: the whole Fashion-MNIST test set.</summary>
    public const int DefaultTest = 10_000;

    public const string Usage = """
        Usage: dotnet run --project samples/FashionMnistRegression -c Release -- [options]

        Exact NNGP and NTK kernel regression (Predict.GpInference, t = ∞) of an infinitely wide network
        on Fashion-MNIST; every layer in the NTK parameterization with W_std 1.5, b_std 0.05:
          fcn  Dense(512) → Relu → Dense(512) → Relu → Dense(10) on the flattened images
          cnn  3 × (Conv(256, 3×3, SAME) → Relu) → Flatten → Dense(10) on 28×28×1 images
        Images scaled to [0, 1], centred and scaled to norm √784 (standardized); targets one-hot minus 0.1;
        regularizer λ = diagReg·trace(K)/n added to each train-train kernel (NNGP and NTK separately).
        Prints the time of each stage (preprocess, warm-up, k_train, k_test, nngp and ntk solves) and the test
        accuracy of each regime. samples/FashionMnistRegression/cnn_regression_numpy.py computes the cnn
        regression independently with NumPy.

          --network NAME   fcn or cnn (default fcn)
          --train N        training images (default 10000 for fcn, 2000 for cnn; 500 from the embedded subset
                           without the Debian package)
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
        var options = new SampleOptions(RegressionNetwork.Fcn, null, null, false, 1e-4, null, FashionMnistSource.Auto, false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--network" => options with { Network = RegressionNetwork.Parse(Value(args, ref i)) },
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

    private static string Value(string[] args, ref int i)
    {
        string option = args[i];
        if (++i >= args.Length) throw new ArgumentException($"{option} needs a value.");
        return args[i];
    }
}
