namespace NeuralTangents.Random;

/// <summary>
/// Elementary functions written with IEEE-754 basic operations only, so that their results are the same
/// bits on every machine (the sampler depends on it for reproducible parameters).
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2 = 0.693147180559945309417232121458;

    // 1/(2k+1) for k = 0 … 12, correctly rounded literals.
    private static readonly double[] OddReciprocals =
    {
        1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23, 1.0 / 25,
    };

    /// <summary>Natural logarithm of a positive, finite, normal number (accurate to a few ulp).</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "Log needs a positive finite value.");
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double mantissa = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (exponent == -1023) return Log(x * 4503599627370496.0) - 52 * Ln2; // subnormal: scale by 2^52
        if (mantissa > 1.4142135623730951) { mantissa *= 0.5; exponent++; }
        // ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| < 0.172: the odd series Σ t^(2k+1)/(2k+1) converges to
        // 1e-17 by k = 12. Horner form with constant reciprocals: no division inside the loop.
        double t = (mantissa - 1.0) / (mantissa + 1.0);
        double t2 = t * t, sum = 0;
        for (int k = OddReciprocals.Length - 1; k >= 0; k--) sum = sum * t2 + OddReciprocals[k];
        sum *= t;
        return 2.0 * sum + exponent * Ln2;
    }
}
