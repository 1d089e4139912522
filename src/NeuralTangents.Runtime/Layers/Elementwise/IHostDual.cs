using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>A dual evaluated on the host from user delegates, which can say which delegate gave a non-finite value.</summary>
internal interface IHostDual : IDualActivation
{
    /// <summary>
    /// Names the user delegate behind the non-finite <paramref name="value"/> that <paramref name="map"/> gave at finite
    /// (<paramref name="c"/>, <paramref name="q1"/>, <paramref name="q2"/>) (for <see cref="DualMap.Variance"/> all three are q),
    /// with the argument at which it failed where that can be found, and what it must satisfy.
    /// </summary>
    string DescribeNonFinite(DualMap map, double c, double q1, double q2, double value);
}
