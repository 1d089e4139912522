using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of a·min(x, 0) + b·max(x, 0). With S = √(q1 q2 − c²), θ the angle, k = (a − b)²/(2π),
/// h = (a² + b²)/2: T = k·S + (h − kθ)·c, so ∂T/∂c = Ṫ and ∂T/∂q1 = k·S/(2q1) (the c-terms of ∂S and ∂θ cancel;
/// equivalently Euler's relation for the half-homogeneity in u); ∂θ/∂c = −1/S and ∂θ/∂q1 = c/(2 q1 S) give
/// ∂Ṫ/∂c = k/S and ∂Ṫ/∂q1 = −k·c/(2 q1 S), infinite at ρ = ±1 unless a = b. On the self-diagonal T_d = h·q and
/// Ṫ(q; q, q) = h. Parameters: a and b (LeakyRelu's alpha is a, with b = 1).
/// </summary>
internal readonly partial struct ABReluActivation : IDualDerivatives
{
    public int ParameterCount => 2;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "a",
        1 => "b",
        _ => throw DualDerivativeMath.NoParameter("ABRelu", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double k = (_a - _b) * (_a - _b) / (2 * Math.PI);
        double sine = DualMath.Sine(c, q1, q2);
        double factor = NtkFactor(c, q1, q2);
        double nngpQ1 = k == 0 ? 0 : k * sine / (2 * q1), nngpQ2 = k == 0 ? 0 : k * sine / (2 * q2);
        // A linear φ (a = b) has a constant Ṫ; otherwise the slopes are infinite where the sine vanishes.
        if (k == 0) return new DualPartials(factor, nngpQ1, nngpQ2, 0, 0, 0);
        return new DualPartials(factor, nngpQ1, nngpQ2, k / sine, -k * c / (2 * q1 * sine), -k * c / (2 * q2 * sine));
    }

    public string? Singularity(double c, double q1, double q2) =>
        _a != _b && DualMath.Sine(c, q1, q2) == 0 ? DualDerivativeMath.PerfectCorrelation("Ṫ = (a² + b²)/2 − (a − b)²·θ/(2π)", c, q1, q2) : null;

    public DiagonalSlopes Diagonal(double q) => new((_a * _a + _b * _b) / 2, 0);

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        var (kSlope, hSlope) = Slopes(parameter);
        double angle = DualMath.Angle(c, q1, q2);
        double factorSlope = hSlope - kSlope * angle;
        return new ParameterPartials(kSlope * DualMath.Sine(c, q1, q2) + factorSlope * c, factorSlope);
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q)
    {
        var (_, hSlope) = Slopes(parameter);
        return new ParameterPartials(hSlope * q, hSlope);
    }

    /// <summary>∂k/∂θ and ∂h/∂θ for parameter a (0) or b (1).</summary>
    private (double K, double H) Slopes(int parameter) => parameter switch
    {
        0 => ((_a - _b) / Math.PI, _a),
        1 => (-(_a - _b) / Math.PI, _b),
        _ => throw DualDerivativeMath.NoParameter("ABRelu", parameter, ParameterCount),
    };
}
