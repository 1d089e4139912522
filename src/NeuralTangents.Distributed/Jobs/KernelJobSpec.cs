namespace NeuralTangents.Distributed;

/// <summary>
/// What a distributed job computes: the network as JSON (<see cref="NetworkJson"/>), references to the inputs (their
/// bytes come from the client, <see cref="IJobClient.GetInput"/>), the tile size, the precision and the kernels
/// requested. The job grain holds it; each silo's worker fetches it once per job.
/// </summary>
/// <param name="NetworkJson">The network's description, read on every silo with the silo's <see cref="NetworkJsonOptions"/> limits.</param>
/// <param name="Precision">The element type of the inputs and kernels.</param>
/// <param name="X1">The first inputs, batch axis first.</param>
/// <param name="X2">The second inputs, or null for x1 against itself.</param>
/// <param name="TileItems">Items per side of a tile (the grid of <see cref="KernelStore.Compute{T}"/>).</param>
/// <param name="Outputs">The <see cref="KernelOutputs"/> requested, as its integer value.</param>
[GenerateSerializer, Immutable, Alias("nt.KernelJobSpec")]
public sealed record KernelJobSpec(
    [property: Id(0)] string NetworkJson,
    [property: Id(1)] KernelPrecision Precision,
    [property: Id(2)] InputRef X1,
    [property: Id(3)] InputRef? X2,
    [property: Id(4)] int TileItems,
    [property: Id(5)] int Outputs);
