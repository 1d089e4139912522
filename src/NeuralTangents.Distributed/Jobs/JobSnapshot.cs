namespace NeuralTangents.Distributed;

/// <summary>A job grain's answer to a poll: its state, the finished tiles not acknowledged yet, and what is left.</summary>
/// <param name="State">The job's state.</param>
/// <param name="Error">Why the job failed; null otherwise.</param>
/// <param name="Finished">The oldest finished tiles the client has not acknowledged, up to a byte budget (sent again until it does).</param>
/// <param name="Pending">Tiles waiting for a worker.</param>
/// <param name="InFlight">Tiles being computed.</param>
/// <param name="Host">The silo the job grain runs on (<c>SiloAddress.ToParsableString()</c>, as the workers' keys).</param>
[GenerateSerializer, Immutable, Alias("nt.JobSnapshot")]
public sealed record JobSnapshot(
    [property: Id(0)] JobState State,
    [property: Id(1)] string? Error,
    [property: Id(2)] TileResult[] Finished,
    [property: Id(3)] int Pending,
    [property: Id(4)] int InFlight,
    [property: Id(5)] string Host);
