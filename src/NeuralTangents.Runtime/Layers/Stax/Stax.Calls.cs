using System.Runtime.CompilerServices;
using NeuralTangents.Layers;
using NeuralTangents.Serialization;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>Marks <paramref name="layer"/> as made by the calling factory with <paramref name="arguments"/> (in parameter order), for <see cref="NetworkJson"/>.</summary>
    private static ILayer Made(ILayer layer, object?[] arguments, [CallerMemberName] string method = "") =>
        LayerBase.Recorded(layer, LayerCall.Snapshot(method, arguments));
}
