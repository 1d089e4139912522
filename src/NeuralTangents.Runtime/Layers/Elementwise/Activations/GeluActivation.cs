using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.CompilerServices;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = x·Φ(x) (Φ the standard normal CDF). With P = q1 q2, P⁺ = (q1 + 1)(q2 + 1), Δ = √(P⁺ − c²) and
/// α = atan2(c, Δ): T = [(c² + P·Δ²)/(P⁺·Δ) + c·α]/(2π) + c/4,
/// Ṫ = c/(2πΔ)·(1/Δ² + (1 − P)/P⁺ + 1) + ¼ + α/(2π),
/// T_d = q·[¼ + (q/((q + 1)√(1 + 2q)) + ½·atan2(q, √(1 + 2q)))/π] (nt-math §14).
/// The kernel is always the exact GELU's; <c>approximate</c> switches only the finite function to the tanh
/// approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as in Neural Tangents.
/// </summary>
internal readonly partial struct GeluActivation : IDualActivation, IActivationFunction
{
    private const double TanhCoefficient = 0.044715;
    private readonly int _approximate;

    public GeluActivation(bool approximate)
    {
        _approximate = approximate ? 1 : 0;
    }

    public double Nngp(double c, double q1, double q2)
    {
        double p = q1 * q2;
        double pPlus = (q1 + 1) * (q2 + 1);
        double delta = XMath.Sqrt(pPlus - c * c);
        double alpha = XMath.Atan2(c, delta);
        return ((c * c + p * delta * delta) / (pPlus * delta) + c * alpha) / (2 * Math.PI) + c / 4;
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double p = q1 * q2;
        double pPlus = (q1 + 1) * (q2 + 1);
        double delta = XMath.Sqrt(pPlus - c * c);
        double alpha = XMath.Atan2(c, delta);
        return c / (2 * Math.PI * delta) * (1 / (delta * delta) + (1 - p) / pPlus + 1) + 0.25 + alpha / (2 * Math.PI);
    }

    /// <summary>
    /// <see cref="Nngp"/> and Θ·<see cref="NtkFactor"/> in one evaluation, sharing Δ and α (fused kernels);
    /// bit-identical to calling both.
    /// </summary>
    public FusedEntry Fused(double c, double ntk, double q1, double q2)
    {
        double p = q1 * q2;
        double pPlus = (q1 + 1) * (q2 + 1);
        double delta = XMath.Sqrt(pPlus - c * c);
        double alpha = XMath.Atan2(c, delta);
        double nngp = ((c * c + p * delta * delta) / (pPlus * delta) + c * alpha) / (2 * Math.PI) + c / 4;
        double factor = c / (2 * Math.PI * delta) * (1 / (delta * delta) + (1 - p) / pPlus + 1) + 0.25 + alpha / (2 * Math.PI);
        return new FusedEntry(nngp, ntk * factor);
    }

    public double Variance(double q)
    {
        double root = XMath.Sqrt(1 + 2 * q);
        return q * (0.25 + (q / ((q + 1) * root) + 0.5 * XMath.Atan2(q, root)) / Math.PI);
    }

    public double Apply(double x)
    {
        if (_approximate == 0) return x * SpecialFunctions.NormalCdf(x);
        double inner = Math.Sqrt(2 / Math.PI) * (x + TanhCoefficient * x * x * x);
        return 0.5 * x * (1 + Math.Tanh(inner));
    }

    public double Derivative(double x)
    {
        if (_approximate == 0) return SpecialFunctions.NormalCdf(x) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
        double inner = Math.Sqrt(2 / Math.PI) * (x + TanhCoefficient * x * x * x);
        double t = Math.Tanh(inner);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.Sqrt(2 / Math.PI) * (1 + 3 * TanhCoefficient * x * x);
    }

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        int length = x.Length;
        Span<double> inner = stackalloc double[length];
        Span<double> gate = stackalloc double[length];
        if (_approximate == 0)
        {
            // Φ(x) = (1 + erf(x/√2))/2.
            TaylorSeries.Affine(x, 1 / Math.Sqrt(2), 0, inner);
            TaylorSeries.Erf(inner, gate);
            TaylorSeries.Affine(gate, 0.5, 0.5, gate);
            // 1 + erf cancels for very negative x; the constant term from erfc keeps its relative accuracy.
            gate[0] = SpecialFunctions.NormalCdf(x[0]);
        }
        else
        {
            // √(2/π)·(x + 0.044715·x³), then tanh.
            TaylorSeries.Power(x, 3, gate);
            for (int n = 0; n < length; n++) inner[n] = Math.Sqrt(2 / Math.PI) * (x[n] + TanhCoefficient * gate[n]);
            TaylorSeries.Tanh(inner, gate);
            TaylorSeries.Affine(gate, 0.5, 0.5, gate);
        }
        TaylorSeries.Multiply(x, gate, y);
    }
}
