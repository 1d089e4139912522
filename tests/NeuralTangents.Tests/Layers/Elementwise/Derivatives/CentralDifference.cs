namespace NeuralTangents.Tests.Layers.Elementwise.Derivatives;

/// <summary>
/// Float64 central differences with one Richardson step: (4·D(h/2) − D(h))/3 with D(h) = (f(x + h) − f(x − h))/(2h)
/// has truncation error O(h⁴) and rounding error about ε·|f|/h, so h = 1e-3 of the scale gives about 1e-12 of each
/// where f is smooth over a few h.
/// </summary>
internal static class CentralDifference
{
    /// <summary>df/dx at <paramref name="x"/> with step <paramref name="h"/>.</summary>
    public static double Derivative(Func<double, double> f, double x, double h)
    {
        double Central(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return (4 * Central(h / 2) - Central(h)) / 3;
    }

    /// <summary>The default step: 1e-3 of |x|, at least 1e-4.</summary>
    public static double Step(double x) => 1e-3 * Math.Max(Math.Abs(x), 0.1);
}
