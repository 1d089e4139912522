namespace NeuralTangents.Distributed;

/// <summary>
/// Observes a silo's workers (register one in the silo's services): for logging, metrics and tests that count
/// computations per tile. Called on the worker's thread before the work starts.
/// </summary>
public interface ITileListener
{
    /// <summary>A worker fetched one of a job's inputs from the client (once per input and silo, none for an input the silo kept from an earlier job).</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="silo">The worker's silo (its grain key).</param>
    void InputsFetched(string jobId, string silo);

    /// <summary>A worker starts computing a tile.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="tile">The tile's index.</param>
    /// <param name="silo">The worker's silo (its grain key).</param>
    void Computing(string jobId, int tile, string silo);
}
