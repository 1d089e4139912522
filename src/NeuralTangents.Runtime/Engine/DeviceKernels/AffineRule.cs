namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// The kernel rule of a Dense layer, or of a Conv after its box filter: K ← σw²·K + σb², and the NTK
/// Θ ← fan-in·K + σw²·Θ + [bias] in the standard parameterization (with the K before the layer), Θ ← K' + σw²·Θ in the
/// NTK one (with the K after it). A value type of constants, so that the host's vector loops and the device kernels
/// of the plan read the same coefficients.
/// </summary>
internal readonly struct AffineRule
{
    /// <param name="wStd">σw.</param>
    /// <param name="bStd">σb, or null without a bias.</param>
    /// <param name="standard">Whether the NTK follows the standard parameterization.</param>
    /// <param name="fanIn">The standard parameterization's fan-in over its width scale (input channels × filter size).</param>
    public AffineRule(double wStd, double? bStd, bool standard, double fanIn)
    {
        WeightVariance = wStd * wStd;
        BiasVariance = bStd is double b ? b * b : 0;
        FanIn = fanIn;
        Bias = bStd is null ? 0 : 1;
        Standard = standard ? 1 : 0;
    }

    /// <summary>σw².</summary>
    public double WeightVariance { get; }

    /// <summary>σb² (0 without a bias).</summary>
    public double BiasVariance { get; }

    /// <summary>The standard parameterization's fan-in factor on K in the NTK.</summary>
    public double FanIn { get; }

    /// <summary>The standard parameterization's bias term in the NTK (1 with a bias, else 0).</summary>
    public double Bias { get; }

    /// <summary>1 when the NTK follows the standard parameterization, else 0 (an int, for device code).</summary>
    public int Standard { get; }

    /// <summary>
    /// The rule on one entry inside device code, each result rounded to the storage type as the host's rows are
    /// (so that the NTK parameterization reads the rounded new K, as the host does).
    /// </summary>
    public void Apply<T, TS>(ref double k, ref double t, int hasNtk) where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        if (hasNtk != 0 && Standard != 0) t = s.ToDouble(s.FromDouble(FanIn * k + WeightVariance * t + Bias));
        k = s.ToDouble(s.FromDouble(WeightVariance * k + BiasVariance));
        if (hasNtk != 0 && Standard == 0) t = s.ToDouble(s.FromDouble(k + WeightVariance * t));
    }
}
