namespace NeuralTangents.Numerics;

/// <summary>
/// Arithmetic on truncated Taylor series ("jets"): a span c of length K+1 stands for
/// x(t) = c[0] + c[1]·t + … + c[K]·t^K + O(t^(K+1)). Each operation returns the series of the result to the
/// same order, using the classical recurrences of automatic differentiation (Griewank and Walther,
/// "Evaluating Derivatives", ch. 13): products by the Cauchy rule, and exp, sin/cos, erf and tanh from the
/// linear ODEs they satisfy (y' = g·x' gives n·y[n] = Σ_{j=1..n} j·x[j]·g[n−j]). Activations write φ with
/// these operations so that the finite function runs on jets; the apply code itself, not a difference
/// quotient, gives every derivative.
/// </summary>
internal static class TaylorSeries
{
    /// <summary>The largest order supported (spans of temporaries are allocated on the stack).</summary>
    public const int MaxOrder = 32;

    /// <summary>result = a·b (result may not alias a or b).</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        for (int n = 0; n < result.Length; n++)
        {
            double sum = 0;
            for (int j = 0; j <= n; j++) sum += a[j] * b[n - j];
            result[n] = sum;
        }
    }

    /// <summary>result = scale·a + shift (result may alias a).</summary>
    public static void Affine(ReadOnlySpan<double> a, double scale, double shift, Span<double> result)
    {
        for (int n = 0; n < result.Length; n++) result[n] = scale * a[n];
        result[0] += shift;
    }

    /// <summary>result = exp(a) (result may not alias a).</summary>
    public static void Exp(ReadOnlySpan<double> a, Span<double> result)
    {
        result[0] = Math.Exp(a[0]);
        for (int n = 1; n < result.Length; n++)
        {
            double sum = 0;
            for (int j = 1; j <= n; j++) sum += j * a[j] * result[n - j];
            result[n] = sum / n;
        }
    }

    /// <summary>sin(a) and cos(a) together (sin' = cos, cos' = −sin); neither output may alias a.</summary>
    public static void SinCos(ReadOnlySpan<double> a, Span<double> sin, Span<double> cos)
    {
        sin[0] = Math.Sin(a[0]);
        cos[0] = Math.Cos(a[0]);
        for (int n = 1; n < sin.Length; n++)
        {
            double s = 0, c = 0;
            for (int j = 1; j <= n; j++)
            {
                s += j * a[j] * cos[n - j];
                c -= j * a[j] * sin[n - j];
            }
            sin[n] = s / n;
            cos[n] = c / n;
        }
    }

    /// <summary>result = sin(a) (result may not alias a).</summary>
    public static void Sin(ReadOnlySpan<double> a, Span<double> result)
    {
        Span<double> cos = stackalloc double[result.Length];
        SinCos(a, result, cos);
    }

    /// <summary>result = erf(a), from erf' = (2/√π)·exp(−x²) (result may not alias a).</summary>
    public static void Erf(ReadOnlySpan<double> a, Span<double> result)
    {
        int length = result.Length;
        Span<double> square = stackalloc double[length];
        Span<double> slope = stackalloc double[length];
        Multiply(a, a, square);
        Affine(square, -1, 0, square);
        Exp(square, slope);
        Affine(slope, 2 / Math.Sqrt(Math.PI), 0, slope);
        result[0] = SpecialFunctions.Erf(a[0]);
        Integrate(a, slope, result);
    }

    /// <summary>result = tanh(a), from tanh' = 1 − tanh² (result may not alias a).</summary>
    public static void Tanh(ReadOnlySpan<double> a, Span<double> result)
    {
        int length = result.Length;
        Span<double> slope = stackalloc double[length];
        result[0] = Math.Tanh(a[0]);
        slope[0] = 1 - result[0] * result[0];
        for (int n = 1; n < length; n++)
        {
            double sum = 0;
            for (int j = 1; j <= n; j++) sum += j * a[j] * slope[n - j];
            result[n] = sum / n;
            // slope[n] = −(tanh²)[n] needs result[0..n], all known now.
            double square = 0;
            for (int j = 0; j <= n; j++) square += result[j] * result[n - j];
            slope[n] = -square;
        }
    }

    /// <summary>result = a^power for a non-negative integer power, by repeated products (result may not alias a).</summary>
    public static void Power(ReadOnlySpan<double> a, int power, Span<double> result)
    {
        Span<double> scratch = stackalloc double[result.Length];
        result.Clear();
        result[0] = 1;
        for (int k = 0; k < power; k++)
        {
            Multiply(result, a, scratch);
            scratch.CopyTo(result);
        }
    }

    /// <summary>
    /// Completes y with y' = g·a' given y[0]: n·y[n] = Σ_{j=1..n} j·a[j]·g[n−j].
    /// </summary>
    private static void Integrate(ReadOnlySpan<double> a, ReadOnlySpan<double> g, Span<double> y)
    {
        for (int n = 1; n < y.Length; n++)
        {
            double sum = 0;
            for (int j = 1; j <= n; j++) sum += j * a[j] * g[n - j];
            y[n] = sum / n;
        }
    }
}
