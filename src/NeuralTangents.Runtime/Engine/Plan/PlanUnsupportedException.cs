namespace NeuralTangents.Engine.Plan;

/// <summary>Raised while planning when a layer (or a combination) has no pair-major rule; the message says which and why.</summary>
internal sealed class PlanUnsupportedException : Exception
{
    public PlanUnsupportedException(string message) : base(message)
    {
    }
}
