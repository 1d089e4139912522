namespace NeuralTangents;

/// <summary>
/// A file is not the <c>.npy</c> array this library can read: truncated, another dtype or byte order, Fortran order,
/// a shape other than the one expected, or a malformed header. The message names the file, what was found and what
/// was expected.
/// </summary>
public sealed class NpyFormatException : IOException
{
    /// <summary>Creates the exception for the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">What was found and what was expected.</param>
    public NpyFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
    }

    /// <summary>The file that failed to read.</summary>
    public string FilePath { get; }
}
