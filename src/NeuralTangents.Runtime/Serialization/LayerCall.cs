namespace NeuralTangents.Serialization;

/// <summary>
/// The <see cref="Stax"/> factory call that made a layer: the method's name and its arguments in parameter order,
/// exactly as passed (arrays copied, so later changes by the caller do not show). Calling the same factory with
/// these arguments makes the same layer, which is what <see cref="NetworkJson"/> relies on.
/// </summary>
/// <param name="Method">The factory method, e.g. "Dense".</param>
/// <param name="Arguments">The arguments, one per parameter of the overload called.</param>
internal sealed record LayerCall(string Method, object?[] Arguments)
{
    /// <summary>A call with every array argument copied.</summary>
    public static LayerCall Snapshot(string method, object?[] arguments) =>
        new(method, arguments.Select(a => a is Array array ? array.Clone() : a).ToArray());
}
