using NeuralTangents;

namespace HyperparameterFitSample;

/// <summary>
/// Prints each iterate as it comes, on the fit's own thread: <see cref="Progress{T}"/> would post to the thread pool
/// and could interleave its lines with the stage lines.
/// </summary>
internal sealed class ConsoleProgress(Action<HyperparameterFitIteration> report) : IProgress<HyperparameterFitIteration>
{
    /// <summary>Passes the iterate to the printing action.</summary>
    public void Report(HyperparameterFitIteration value) => report(value);
}
