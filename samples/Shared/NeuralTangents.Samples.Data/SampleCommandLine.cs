using System.Globalization;

namespace NeuralTangents.Samples.Data;

/// <summary>
/// The command-line frame the Fashion-MNIST samples share: option values, usage and help, and loading the data
/// with a readable message instead of a stack trace when the request cannot be met.
/// </summary>
public static class SampleCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/> and runs <paramref name="body"/>: a parse error prints its message and the
    /// usage and returns 2; a help request prints the usage and returns 0.
    /// </summary>
    public static int Run<TOptions>(string[] args, Func<string[], TOptions> parse, Func<TOptions, bool> wantsHelp, string usage, Func<TOptions, int> body)
    {
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }
        if (wantsHelp(options))
        {
            Console.WriteLine(usage);
            return 0;
        }
        return body(options);
    }

    /// <summary>
    /// Loads Fashion-MNIST; when the request cannot be met (more images than the embedded subset holds, or the
    /// system copy is missing) prints why and returns null.
    /// </summary>
    public static FashionMnistData? TryLoad(int train, int test, FashionMnistSource source)
    {
        try
        {
            return FashionMnist.Load(train, test, source);
        }
        catch (Exception error) when (error is ArgumentOutOfRangeException or FileNotFoundException)
        {
            Console.Error.WriteLine(error.Message);
            return null;
        }
    }

    /// <summary>The value after option <c>args[i]</c> as a positive whole number; advances <paramref name="i"/>.</summary>
    /// <exception cref="ArgumentException">The value is missing or not a positive whole number; the message names the option.</exception>
    public static int PositiveInt(string[] args, ref int i)
    {
        string option = args[i];
        if (++i >= args.Length) throw new ArgumentException($"{option} needs a value.");
        if (!int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw new ArgumentException($"{option} needs a positive whole number, got '{args[i]}'.");
        return value;
    }

    /// <summary>The value after option <c>args[i]</c> as a finite non-negative number; advances <paramref name="i"/>.</summary>
    /// <exception cref="ArgumentException">The value is missing or not a finite non-negative number; the message names the option.</exception>
    public static double NonNegativeDouble(string[] args, ref int i)
    {
        string option = args[i];
        if (++i >= args.Length) throw new ArgumentException($"{option} needs a value.");
        if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0) || !double.IsFinite(value))
            throw new ArgumentException($"{option} needs a non-negative number, got '{args[i]}'.");
        return value;
    }
}
