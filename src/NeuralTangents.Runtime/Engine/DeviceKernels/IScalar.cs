namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Converts a storage element to and from double inside device code. Kernels store float or double and
/// compute in double: the BCL's generic math cannot be used inside ILGPU kernels, so this small struct
/// interface stands in for it.
/// </summary>
internal interface IScalar<T> where T : unmanaged
{
    /// <summary>Widens a stored value.</summary>
    double ToDouble(T value);

    /// <summary>Rounds a computed value to the storage type.</summary>
    T FromDouble(double value);
}

/// <summary>float storage.</summary>
internal readonly struct FloatScalar : IScalar<float>
{
    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;
}

/// <summary>double storage.</summary>
internal readonly struct DoubleScalar : IScalar<double>
{
    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;
}
