using System.Collections.Generic;
using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>
/// Whether a window slid with VALID padding reads every input position. Out = ⌊(in − k)/s⌋ + 1 windows start at
/// 0, s, 2s, …, so when s does not divide (in − k) the last (in − k) mod s positions of the axis are read by no
/// window: the layer (Conv, ConvLocal, AvgPool, SumPool) silently ignores them. This is valid, so the runtime does
/// not throw; the analyzers warn.
/// </summary>
internal static class WindowCoverage
{
    /// <summary>The positions at the end of one axis that no window reads (0 with SAME or CIRCULAR padding, or when the window does not fit).</summary>
    public static int DroppedPositions(int input, int window, int stride, SpatialPadding padding) =>
        padding == SpatialPadding.Valid && input >= window && stride > 0 ? (input - window) % stride : 0;

    /// <summary>
    /// The warning for a layer whose VALID windows miss the last positions of some spatial axis of
    /// <paramref name="inputShape"/> (batch, spatial…, channels), or null when every position is read (or the
    /// hyperparameters do not fit the input, which the shape rules report).
    /// </summary>
    public static RuleViolation? DroppedBorder(string layer, int[] inputShape, int[] window, int[] strides, SpatialPadding padding, string windowName)
    {
        if (padding != SpatialPadding.Valid || inputShape.Length != window.Length + 2 || strides.Length != window.Length) return null;
        var axes = new List<string>();
        for (int a = 0; a < window.Length; a++)
        {
            int size = inputShape[a + 1];
            int dropped = DroppedPositions(size, window[a], strides[a], padding);
            if (dropped > 0)
                axes.Add(string.Format(CultureInfo.InvariantCulture, "spatial axis {0} loses its last {1} of {2} positions ({2} − {3} = {4} is not a multiple of the stride {5})",
                    a, dropped, size, window[a], size - window[a], strides[a]));
        }
        if (axes.Count == 0) return null;
        return new RuleViolation(RuleIds.DroppedBorder, "strides",
            $"{layer}: with VALID padding the {windowName} never covers the end of the input {Shapes.Format(inputShape)}: {string.Join("; ", axes)}. " +
            $"Those positions are ignored; use SAME padding, a stride that divides (input − {windowName}), or crop the input.");
    }
}
