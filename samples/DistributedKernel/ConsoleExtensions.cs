namespace DistributedKernel;

/// <summary>Writes a line and returns the command's exit code.</summary>
internal static class ConsoleExtensions
{
    public static int WriteLineAndReturn(this TextWriter writer, string line, int exitCode)
    {
        writer.WriteLine(line);
        return exitCode;
    }
}
