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
        string script = FindScript() ?? throw new FileNotFoundException(
            "benchmarks/fcn_kernel_numpy.py was not found above the working directory or the benchmark's folder; run from the repository.");
        string python = Environment.GetEnvironmentVariable("NT_PYTHON") ?? "/usr/bin/python3";
        return () => RunOnce(python, script, n);
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "benchmarks", "fcn_kernel_numpy.py");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static double RunOnce(string python, string script, int n)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--n");
        start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var match = WallTime().Match(stdout);
        if (process.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"{python} {script} failed (exit {process.ExitCode}): {stdout}{stderr}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"([0-9.]+) s wall")]
    private static partial Regex WallTime();
}
