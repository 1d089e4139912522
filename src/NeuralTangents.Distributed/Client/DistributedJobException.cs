namespace NeuralTangents.Distributed;

/// <summary>A distributed job failed: a tile could not be computed, or the cluster sent something invalid.</summary>
public sealed class DistributedJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DistributedJobException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
