namespace NeuralTangents.Layers;

/// <summary>
/// Per-call arguments that reach every layer of a network, as Neural Tangents threads its keyword arguments
/// (<c>pattern</c>) through <c>apply_fn</c> and <c>kernel_fn</c>: the graph pattern of the batch being applied, and
/// the patterns of x1 and x2 during a kernel computation, and its cancellation token. The entry points (Apply, KernelFn, Monte Carlo) set them
/// for the duration of the call with <see cref="Enter"/>; they flow into parallel work started inside the call.
/// </summary>
/// <remarks>
/// An ambient scope rather than a parameter of every layer's Forward/Propagate: only Aggregate and Serial read it, and
/// a parameter would change the signature of every layer for two of them.
/// </remarks>
internal sealed record LayerArguments(GraphPattern? Pattern, GraphPattern? Pattern1, GraphPattern? Pattern2)
{
    private static readonly AsyncLocal<LayerArguments?> Ambient = new();

    /// <summary>
    /// The kernel computation's token: <see cref="Combinators.Serial"/> checks it between layers, so that a tile of the
    /// interpreted layers stops at the next layer rather than at the end of the network.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The arguments of the call in progress; none outside one.</summary>
    public static LayerArguments Current => Ambient.Value ?? None;

    /// <summary>No pattern anywhere.</summary>
    public static LayerArguments None { get; } = new(null, null, null);

    /// <summary>Makes <paramref name="arguments"/> current until the returned scope is disposed.</summary>
    public static Scope Enter(LayerArguments arguments)
    {
        var previous = Ambient.Value;
        Ambient.Value = arguments;
        return new Scope(previous);
    }

    /// <summary>Restores the previous arguments.</summary>
    public readonly struct Scope(LayerArguments? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
