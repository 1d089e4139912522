using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuralTangents.Generators.Benchmarks;

/// <summary>
/// Runs <c>benchmarks/fcn_kernel_numpy.py</c> (the same recursion in NumPy/OpenBLAS) as a child process and reads
/// back its wall time, for side-by-side timing. Python is <c>NT_PYTHON</c> or <c>/usr/bin/python3</c> (Debian's,
/// which has NumPy).
/// </summary>
internal static partial class NumPyReference
{
    /// <summary>A function that runs the script once on <paramref name="n"/> images and returns its kernel's wall seconds.</summary>
    /// <exception cref="FileNotFoundException">The script is not found above the working directory or the program.</exception>
    public static Func<double> Locate(int n)
    {
        string script = FindScript("fcn_kernel_numpy.py");
        return () => RunOnce(script, WallTime(), "--n", n.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A function that runs <c>benchmarks/cnn_kernel_numpy.py</c> once with <paramref name="readout"/> ("flatten" or "gap")
    /// and returns its microseconds per entry (flatten) or milliseconds per pair (gap).
    /// </summary>
    public static Func<double> LocateCnn(string readout, int n1, int n2)
    {
        string script = FindScript("cnn_kernel_numpy.py");
        return () => RunOnce(script, readout == "flatten" ? PerEntry() : PerPair(), "--readout", readout,
            "--n1", n1.ToString(CultureInfo.InvariantCulture), "--n2", n2.ToString(CultureInfo.InvariantCulture));
    }

    private static string FindScript(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "benchmarks", name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"benchmarks/{name} was not found above the working directory or the benchmark's folder; run from the repository.");
    }

    private static double RunOnce(string script, Regex result, params string[] arguments)
    {
        string python = Environment.GetEnvironmentVariable("NT_PYTHON") ?? "/usr/bin/python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var match = result.Match(stdout);
        if (process.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"{python} {script} failed (exit {process.ExitCode}): {stdout}{stderr}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"([0-9.]+) s wall")]
    private static partial Regex WallTime();

    [GeneratedRegex(@"([0-9.]+) us per entry")]
    private static partial Regex PerEntry();

    [GeneratedRegex(@"([0-9.]+) ms per pair")]
    private static partial Regex PerPair();
}
