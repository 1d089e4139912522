using NeuralTangents.Samples.Data;

namespace HyperparameterFitSample;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleOptions(
    int? Train, int? Test, double DiagReg, int MaxIterations, string Plot, bool Cost, int CostSize, int CostRepeats, FashionMnistSource Source, bool Help)
{
    /// <summary>Training images by default (the 2 000).</summary>
    public const int DefaultTrain = 2_000;

    /// <summary>Test images by default: the whole Fashion-MNIST test set.</summary>
    public const int DefaultTest = 10_000;

    public const string Usage = """
        Usage: dotnet run --project samples/HyperparameterFit -c Release -- [options]

        Fits W_std and b_std (each tied across the three Dense layers) and the regularizer of the README's infinite
        FCN, Dense(512, 1.5, 0.05) → Relu → Dense(512, 1.5, 0.05) → Relu → Dense(10, 1.5, 0.05), by maximizing the
        NNGP's log marginal likelihood of one-hot Fashion-MNIST targets (minus 0.1) with L-BFGS on exact kernel
        derivatives (float64). Prints the likelihood and the NNGP test accuracy before and after, the fitted values,
        the time of each stage, and writes the likelihood along the fit's path as a PNG and a CSV.

          --train N          training images (default 2000; 500 from the embedded subset without the Debian package)
          --test N           test images (default 10000; 500 from the embedded subset)
          --diag-reg R       starting regularizer relative to trace(K)/n (default 1e-4)
          --max-iterations N most L-BFGS iterations (default 50)
          --plot PATH        the PNG to write (default hyperparameter-fit.png; the CSV beside it, .csv)
          --embedded         use the embedded 500-image subset even when the Debian package is installed
          --cost             instead of fitting, time an N × N kernel alone against the kernel with all
                             hyperparameter derivatives, float64 and float32 (issue 14's cost check)
          --cost-size N      N for --cost (default 2000)
          --cost-repeats N   runs of each timing for --cost; the fastest counts (default 3)
          --help             show this text
        """;

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with the option named.</exception>
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(null, null, 1e-4, 50, "hyperparameter-fit.png", false, 2_000, 3, FashionMnistSource.Auto, false);
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--train" => options with { Train = SampleCommandLine.PositiveInt(args, ref i) },
                "--test" => options with { Test = SampleCommandLine.PositiveInt(args, ref i) },
                "--diag-reg" => options with { DiagReg = Positive(args, ref i) },
                "--max-iterations" => options with { MaxIterations = SampleCommandLine.PositiveInt(args, ref i) },
                "--plot" => options with { Plot = Value(args, ref i) },
                "--embedded" => options with { Source = FashionMnistSource.Embedded },
                "--cost" => options with { Cost = true },
                "--cost-size" => options with { CostSize = SampleCommandLine.PositiveInt(args, ref i) },
                "--cost-repeats" => options with { CostRepeats = SampleCommandLine.PositiveInt(args, ref i) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }

    /// <summary>A fitted regularizer is fitted as its logarithm, so it must start above zero.</summary>
    private static double Positive(string[] args, ref int i)
    {
        string option = args[i];
        double value = SampleCommandLine.NonNegativeDouble(args, ref i);
        if (value == 0) throw new ArgumentException($"{option} needs a positive number (the regularizer is fitted as its logarithm), got 0.");
        return value;
    }

    private static string Value(string[] args, ref int i)
    {
        string option = args[i];
        if (++i >= args.Length) throw new ArgumentException($"{option} needs a value.");
        return args[i];
    }
}
