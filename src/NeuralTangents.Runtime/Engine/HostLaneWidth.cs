using System.Runtime.Intrinsics;

namespace NeuralTangents.Engine;

/// <summary>Which vector width the fused host loop runs: eight lanes where the processor has AVX-512, else four.</summary>
internal static class HostLaneWidth
{
    /// <summary>Uses four lanes even where the processor has wider vectors (for tests that the width does not change results).</summary>
    internal static bool ForceFourLanes { get; set; }

    /// <summary>Whether the host loop runs eight lanes rather than four.</summary>
    public static bool EightLanes => Vector512.IsHardwareAccelerated && !ForceFourLanes;
}
