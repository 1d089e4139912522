using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of e^{−x²}·sin x. The dual is rewritten as T = W·(e^A − e^B) with W = ½·den^{−1/2},
/// A = N_A/(2den), B = N_B/(2den), den = 2s + 4(P − c²) + 1, N_A = −s − 4P + 4c² + 2c and N_B = N_A − 4c
/// (s = q1 + q2, P = q1 q2; e^B = E_l and e^A = E_l·E_r of the closed form). Every quantity is a quotient of quadratics
/// in (c, q1, q2), so the first and second partials (Ṫ = ∂T/∂c and its partials) follow by the product and quotient
/// rules, written out below. No parameters.
/// </summary>
internal readonly partial struct GaborActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("Gabor", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        double s = q1 + q2, p = q1 * q2;
        double den = 2 * s + 4 * (p - c * c) + 1;
        double nA = -s - 4 * p + 4 * c * c + 2 * c, nB = nA - 4 * c;
        double eA = Math.Exp(nA / (2 * den)), eB = Math.Exp(nB / (2 * den));
        double w = 0.5 / Math.Sqrt(den);

        // The c-partials of den, N_A, N_B, then of A, B and W (their second c-partials are −8, 8, 8).
        double denC = -8 * c, nAC = 8 * c + 2, nBC = 8 * c - 2;
        double aC = Quotient(nA, nAC, den, denC), bC = Quotient(nB, nBC, den, denC);
        double wC = -0.5 * w * denC / den;

        double nngpC = wC * (eA - eB) + w * (aC * eA - bC * eB);
        var (nngpQ1, factorQ1) = Slopes(-1 - 4 * q2, 2 + 4 * q2);
        var (nngpQ2, factorQ2) = Slopes(-1 - 4 * q1, 2 + 4 * q1);
        var (_, factorC) = Slopes(double.NaN, double.NaN, second: true);
        return new DualPartials(nngpC, nngpQ1, nngpQ2, factorC, factorQ1, factorQ2);

        // ∂T/∂x and ∂²T/∂c∂x for x a variance (nX = ∂N/∂x, the same for N_A and N_B; denX = ∂den/∂x; no mixed second
        // partials), or for x = c when second is set.
        (double Nngp, double Factor) Slopes(double nX, double denX, bool second = false)
        {
            double nAX = second ? nAC : nX, nBX = second ? nBC : nX, dX = second ? denC : denX;
            double nXC = second ? 8 : 0, denXC = second ? -8 : 0;
            double aX = Quotient(nA, nAX, den, dX), bX = Quotient(nB, nBX, den, dX);
            double aXC = SecondQuotient(nA, nAC, nAX, nXC, den, denC, dX, denXC);
            double bXC = SecondQuotient(nB, nBC, nBX, nXC, den, denC, dX, denXC);
            double wX = -0.5 * w * dX / den;
            double wXC = 0.75 * w * denC * dX / (den * den) - 0.5 * w * denXC / den;
            double nngp = wX * (eA - eB) + w * (aX * eA - bX * eB);
            double factor = wXC * (eA - eB) + wC * (aX * eA - bX * eB) + wX * (aC * eA - bC * eB)
                + w * ((aXC + aC * aX) * eA - (bXC + bC * bX) * eB);
            return (nngp, factor);
        }
    }

    /// <summary>∂/∂x of N/(2·den) from N, ∂N/∂x, den and ∂den/∂x.</summary>
    private static double Quotient(double n, double nX, double den, double denX) => nX / (2 * den) - n * denX / (2 * den * den);

    /// <summary>∂²/∂c∂x of N/(2·den), from the first partials and the mixed second partials nXC and denXC.</summary>
    private static double SecondQuotient(double n, double nC, double nX, double nXC, double den, double denC, double denX, double denXC) =>
        nXC / (2 * den) - (nC * denX + nX * denC + n * denXC) / (2 * den * den) + n * denC * denX / (den * den * den);

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("Gabor", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("Gabor", parameter, 0);
}
