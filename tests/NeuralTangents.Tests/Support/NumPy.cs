using System.Diagnostics;

namespace NeuralTangents.Tests.Support;

/// <summary>
/// Debian's Python with NumPy (<c>/usr/bin/python3</c>, package <c>python3-numpy</c>, which <c>.ci/run</c>
/// installs), for the tests that compare the library with the repository's NumPy scripts.
/// </summary>
public static class NumPy
{
    /// <summary>The interpreter the scripts are documented to run with.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Why the scripts cannot run here (no interpreter, or no NumPy for it), or null when they can.</summary>
    public static string? WhyUnavailable => Missing.Value;

    /// <summary>
    /// Runs <paramref name="script"/> (relative to the repository root) with <paramref name="arguments"/> and
    /// returns its standard output.
    /// </summary>
    /// <exception cref="InvalidOperationException">The script failed or ran past <paramref name="timeout"/>; the message holds its error output.</exception>
    public static string Run(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, script));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} ran past {timeout.TotalSeconds} s.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python)) return $"{Python} is absent (install the Debian package python3-numpy).";
        try
        {
            var start = new ProcessStartInfo(Python, "-c \"import numpy\"") { RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{Python} has no numpy (install the Debian package python3-numpy).";
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return $"{Python} does not run: {error.Message}";
        }
    }
}
