namespace NeuralTangents.Distributed;

/// <summary>A store is refused: another job is writing it, or it holds a different job's tiles.</summary>
public sealed class StoreInUseException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What holds the store and what to do.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public StoreInUseException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
