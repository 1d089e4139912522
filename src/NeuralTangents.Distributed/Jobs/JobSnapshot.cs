namespace NeuralTangents.Distributed;

/// <summary>A job grain's answer to a poll: its state and what is left.</summary>
/// <param name="State">The job's state.</param>
/// <param name="Error">Why the job failed, or why it stalled; null otherwise.</param>
/// <param name="Pending">Tiles waiting for a worker.</param>
/// <param name="InFlight">Tiles being computed or delivered.</param>
/// <param name="Host">The silo the job grain runs on (<c>SiloAddress.ToParsableString()</c>, as the workers' keys).</param>
[GenerateSerializer, Immutable, Alias("nt.JobSnapshot")]
public sealed record JobSnapshot(
    [property: Id(0)] JobState State,
    [property: Id(1)] string? Error,
    [property: Id(2)] int Pending,
    [property: Id(3)] int InFlight,
    [property: Id(4)] string Host);
