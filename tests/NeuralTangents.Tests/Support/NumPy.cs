using System.Diagnostics;
using System.Text.Json;

namespace NeuralTangents.Tests.Support;

/// <summary>
/// Debian's Python with NumPy (<c>/usr/bin/python3</c>, package <c>python3-numpy</c>, which <c>.ci/run</c> installs):
/// inline scripts that check files against NumPy itself (the kernel store), and the repository's NumPy scripts that
/// the library is compared with (the samples).
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
    public static string RunScript(string script, IEnumerable<string> arguments, TimeSpan timeout)
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

    /// <summary>Runs <paramref name="script"/> (after <c>import numpy as np, json, sys</c>) with <paramref name="arguments"/> in sys.argv[1:] and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"nt-numpy-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, "import numpy as np, json, sys\n" + script);
        try
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(file);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Python} exited with {process.ExitCode} (install Debian's python3-numpy; .ci/run does):\n{stderr}");
            return stdout.Result;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Loads <paramref name="path"/> with <c>numpy.load(path, mmap_mode='r')</c> and returns what NumPy sees: the dtype,
    /// the shape, whether the array is C-contiguous, and the values (as float64, exact for float32 and float64).
    /// </summary>
    public static (string Dtype, int[] Shape, bool CContiguous, double[] Values) LoadMemoryMapped(string path)
    {
        string json = Run("""
            a = np.load(sys.argv[1], mmap_mode='r')
            print(json.dumps({'dtype': a.dtype.str, 'shape': list(a.shape), 'c': bool(a.flags['C_CONTIGUOUS']) and not np.isfortran(a),
                              'values': [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]}))
            """, path);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (root.GetProperty("dtype").GetString()!,
            root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            root.GetProperty("c").GetBoolean(),
            root.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    /// <summary>A fresh empty folder under the temporary folder (the caller deletes it).</summary>
    public static string TemporaryFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nt-store-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
