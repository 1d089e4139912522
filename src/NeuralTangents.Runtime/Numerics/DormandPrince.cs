namespace NeuralTangents.Numerics;

/// <summary>
/// Adaptive explicit Runge–Kutta integration of y' = f(t, y) with the Dormand–Prince 5(4) pair (the method of
/// JAX's <c>odeint</c>, which Neural Tangents uses): fifth-order steps, a fourth-order embedded error
/// estimate, first-same-as-last reuse of the final stage, and steps shortened to land exactly on each
/// requested time. The error per step is the RMS over components of err / (atol + rtol·max(|y|, |y_new|)).
/// </summary>
internal static class DormandPrince
{
    /// <summary>Writes f(t, y) into <c>dydt</c>.</summary>
    public delegate void Derivative(double t, double[] y, double[] dydt);

    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    // Fifth-order minus fourth-order weights.
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    /// <summary>
    /// The states at each of <paramref name="times"/> (non-decreasing, ≥ <paramref name="t0"/>), starting from
    /// <paramref name="y0"/> at <paramref name="t0"/>.
    /// </summary>
    /// <exception cref="ArithmeticException">More than <paramref name="maxSteps"/> steps were needed, or the state became non-finite.</exception>
    public static double[][] Integrate(Derivative f, double[] y0, double t0, IReadOnlyList<double> times,
        double relativeTolerance, double absoluteTolerance, int maxSteps = 1_000_000)
    {
        int n = y0.Length;
        var results = new double[times.Count][];
        var y = (double[])y0.Clone();
        var k1 = new double[n];
        var k2 = new double[n];
        var k3 = new double[n];
        var k4 = new double[n];
        var k5 = new double[n];
        var k6 = new double[n];
        var k7 = new double[n];
        var stage = new double[n];
        var next = new double[n];
        double t = t0;
        f(t, y, k1);
        double h = InitialStep(f, t, y, k1, relativeTolerance, absoluteTolerance);
        int steps = 0;
        for (int index = 0; index < times.Count; index++)
        {
            double target = times[index];
            while (t < target)
            {
                if (++steps > maxSteps)
                    throw new ArithmeticException($"The ODE solver needed more than {maxSteps} steps to reach t = {target} (now at t = {t}): the dynamics are too stiff for an explicit method at this tolerance.");
                bool lands = t + h >= target;
                double step = lands ? target - t : h;

                Combine(stage, y, step, k1, A21);
                f(t + C2 * step, stage, k2);
                Combine(stage, y, step, k1, A31, k2, A32);
                f(t + C3 * step, stage, k3);
                Combine(stage, y, step, k1, A41, k2, A42, k3, A43);
                f(t + C4 * step, stage, k4);
                Combine(stage, y, step, k1, A51, k2, A52, k3, A53, k4, A54);
                f(t + C5 * step, stage, k5);
                Combine(stage, y, step, k1, A61, k2, A62, k3, A63, k4, A64, k5, A65);
                f(t + step, stage, k6);
                Combine(next, y, step, k1, B1, k3, B3, k4, B4, k5, B5, k6, B6);
                f(t + step, next, k7);

                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double error = step * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
                    double scale = absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(next[i]));
                    sum += error / scale * (error / scale);
                }
                double norm = n == 0 ? 0 : Math.Sqrt(sum / n);
                if (!double.IsFinite(norm))
                {
                    if (step < 1e-300) throw new ArithmeticException($"The ODE state became non-finite at t = {t}.");
                    h = step * 0.1;
                    continue;
                }
                double factor = norm == 0 ? 10 : Math.Clamp(0.9 * Math.Pow(norm, -0.2), 0.2, 10);
                if (norm <= 1)
                {
                    t = lands ? target : t + step;
                    (y, next) = (next, y);
                    (k1, k7) = (k7, k1);
                    // A step shortened to land on a requested time says nothing about the next step size.
                    if (!lands || step >= h) h = step * factor;
                }
                else h = step * factor;
            }
            results[index] = (double[])y.Clone();
        }
        return results;
    }

    // The starting step of Hairer, Nørsett and Wanner (Solving ODEs I, II.4).
    private static double InitialStep(Derivative f, double t, double[] y, double[] dy, double rtol, double atol)
    {
        int n = y.Length;
        if (n == 0) return 1;
        double d0 = 0, d1 = 0;
        for (int i = 0; i < n; i++)
        {
            double scale = atol + rtol * Math.Abs(y[i]);
            d0 += y[i] / scale * (y[i] / scale);
            d1 += dy[i] / scale * (dy[i] / scale);
        }
        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        var y1 = new double[n];
        for (int i = 0; i < n; i++) y1[i] = y[i] + h0 * dy[i];
        var dy1 = new double[n];
        f(t + h0, y1, dy1);
        double d2 = 0;
        for (int i = 0; i < n; i++)
        {
            double scale = atol + rtol * Math.Abs(y[i]);
            double diff = (dy1[i] - dy[i]) / scale;
            d2 += diff * diff;
        }
        d2 = Math.Sqrt(d2 / n) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / Math.Max(d1, d2), 0.2);
        return Math.Min(100 * h0, h1);
    }

    private static void Combine(double[] target, double[] y, double h, double[] ka, double a)
    {
        for (int i = 0; i < y.Length; i++) target[i] = y[i] + h * (a * ka[i]);
    }

    private static void Combine(double[] target, double[] y, double h, double[] ka, double a, double[] kb, double b)
    {
        for (int i = 0; i < y.Length; i++) target[i] = y[i] + h * (a * ka[i] + b * kb[i]);
    }

    private static void Combine(double[] target, double[] y, double h, double[] ka, double a, double[] kb, double b, double[] kc, double c)
    {
        for (int i = 0; i < y.Length; i++) target[i] = y[i] + h * (a * ka[i] + b * kb[i] + c * kc[i]);
    }

    private static void Combine(double[] target, double[] y, double h, double[] ka, double a, double[] kb, double b, double[] kc, double c, double[] kd, double d)
    {
        for (int i = 0; i < y.Length; i++) target[i] = y[i] + h * (a * ka[i] + b * kb[i] + c * kc[i] + d * kd[i]);
    }

    private static void Combine(double[] target, double[] y, double h, double[] ka, double a, double[] kb, double b, double[] kc, double c, double[] kd, double d, double[] ke, double e)
    {
        for (int i = 0; i < y.Length; i++) target[i] = y[i] + h * (a * ka[i] + b * kb[i] + c * kc[i] + d * kd[i] + e * ke[i]);
    }
}
