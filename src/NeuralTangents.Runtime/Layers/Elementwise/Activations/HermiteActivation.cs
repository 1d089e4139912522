using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = He_n(x)/√(n!), the normalized probabilists' Hermite polynomial. For unit-variance inputs
/// (q1 = q2 = 1, which Neural Tangents assumes) the orthogonality E[He_n(u)He_n(v)] = n!·cⁿ gives
/// T = cⁿ, Ṫ = n·c^{n−1} (0 for n = 0), T_d = qⁿ (nt-math §14). For other variances these maps are Neural
/// Tangents' convention, not E[φ(u)φ(v)].
/// </summary>
internal readonly partial struct HermiteActivation : IDualActivation, IActivationFunction
{
    /// <summary>The largest accepted degree (a generous bound that keeps the power loops short).</summary>
    public const int MaxDegree = Rules.ActivationRules.HermiteMaxDegree;

    private readonly int _degree;

    public HermiteActivation(int degree)
    {
        _degree = degree;
    }

    public double Nngp(double c, double q1, double q2) => Power(c, _degree);

    public double NtkFactor(double c, double q1, double q2) => _degree == 0 ? 0 : _degree * Power(c, _degree - 1);

    public double Variance(double q) => Power(q, _degree);

    public double Apply(double x) => Normalized(_degree, x);

    /// <summary>d/dx He_n(x)/√(n!) = n·He_{n−1}(x)/√(n!) = √n·h_{n−1}(x).</summary>
    public double Derivative(double x) => _degree == 0 ? 0 : Math.Sqrt(_degree) * Normalized(_degree - 1, x);

    private static double Power(double x, int n)
    {
        double result = 1;
        for (int k = 0; k < n; k++) result *= x;
        return result;
    }

    /// <summary>h_n = He_n/√(n!) by h_{k+1} = (x·h_k − √k·h_{k−1})/√(k + 1).</summary>
    private static double Normalized(int n, double x)
    {
        if (n == 0) return 1;
        double previous = 1, current = x;
        for (int k = 1; k < n; k++)
        {
            double next = (x * current - Math.Sqrt(k) * previous) / Math.Sqrt(k + 1);
            previous = current;
            current = next;
        }
        return current;
    }

    /// <summary>The recurrence of <see cref="Normalized"/> run on series.</summary>
    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        int length = x.Length;
        y.Clear();
        y[0] = 1;
        if (_degree == 0) return;
        Span<double> previous = stackalloc double[length];
        Span<double> product = stackalloc double[length];
        y.CopyTo(previous);
        x.CopyTo(y);
        for (int k = 1; k < _degree; k++)
        {
            TaylorSeries.Multiply(x, y, product);
            for (int n = 0; n < length; n++)
            {
                double next = (product[n] - Math.Sqrt(k) * previous[n]) / Math.Sqrt(k + 1);
                previous[n] = y[n];
                y[n] = next;
            }
        }
    }
}
