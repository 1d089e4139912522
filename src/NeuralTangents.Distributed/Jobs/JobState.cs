namespace NeuralTangents.Distributed;

/// <summary>Where a job grain's job stands.</summary>
public enum JobState
{
    /// <summary>The grain holds no job (never started, finished and forgotten, or its silo was lost): the client starts it again.</summary>
    Unknown,

    /// <summary>Tiles are being computed.</summary>
    Running,

    /// <summary>Cancelled; the store keeps the tiles finished so far and a later submit resumes.</summary>
    Cancelled,

    /// <summary>A tile could not be computed; <see cref="JobSnapshot.Error"/> says why.</summary>
    Failed,

    /// <summary>The client stored every tile.</summary>
    Completed,

    /// <summary>
    /// A worker could not deliver a tile to the client (it is unreachable, or stopped taking tiles): no more tiles are
    /// handed out until the client starts the job again; <see cref="JobSnapshot.Error"/> says what the delivery failed with.
    /// </summary>
    Stalled,
}
