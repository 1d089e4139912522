using NeuralTangents.Serialization;

namespace NeuralTangents.Layers;

internal abstract partial class LayerBase
{
    /// <summary>The <see cref="Stax"/> call that made this layer; null for layers made inside the runtime.</summary>
    internal LayerCall? Call { get; private set; }

    /// <summary>Records the factory call that made <paramref name="layer"/> (once, by the factory that returns it).</summary>
    internal static ILayer Recorded(ILayer layer, LayerCall call)
    {
        var known = (LayerBase)layer;
        if (known.Call is not null) throw new InvalidOperationException($"{known.Name} already records the call {known.Call.Method}.");
        known.Call = call;
        return layer;
    }
}
