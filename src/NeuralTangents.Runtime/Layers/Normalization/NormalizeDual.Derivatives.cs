using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// The derivative maps of LayerNorm's kernel map (one parameter, ε). With s1 = q1 + ε, s2 = q2 + ε and r = 1/√(s1·s2):
/// T = c·r and Ṫ = r, so ∂T/∂c = r, ∂T/∂q1 = −c·r/(2·s1), ∂Ṫ/∂q1 = −r/(2·s1) (likewise q2), and
/// ∂T/∂ε = −c·r·(1/s1 + 1/s2)/2, ∂Ṫ/∂ε = −r·(1/s1 + 1/s2)/2. On the self-diagonal T_d = q/(q + ε) and
/// Ṫ(q; q, q) = 1/(q + ε): dT_d/dq = ε/(q + ε)², d/dq Ṫ = −1/(q + ε)², ∂T_d/∂ε = −q/(q + ε)², ∂Ṫ/∂ε = −1/(q + ε)².
/// All exist wherever q + ε &gt; 0 (ρ = ±1 included: the map is linear in c).
/// </summary>
internal readonly partial struct NormalizeDual : IDualDerivatives
{
    public int ParameterCount => 1;

    public string ParameterName(int parameter) => parameter == 0 ? "epsilon" : throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "LayerNorm's map has one parameter, epsilon (0).");

    public DualPartials Partials(double c, double q1, double q2)
    {
        double s1 = q1 + Epsilon, s2 = q2 + Epsilon, r = 1.0 / Math.Sqrt(s1 * s2);
        return new DualPartials(r, -c * r / (2 * s1), -c * r / (2 * s2), 0, -r / (2 * s1), -r / (2 * s2));
    }

    public string? Singularity(double c, double q1, double q2) =>
        q1 + Epsilon > 0 && q2 + Epsilon > 0 ? null
            : $"an item has zero variance at this position (q1 = {q1:G9}, q2 = {q2:G9}) and epsilon is {Epsilon:G9}: LayerNorm divides by √((q1 + ε)(q2 + ε)).";

    public DiagonalSlopes Diagonal(double q)
    {
        double s = q + Epsilon;
        return new DiagonalSlopes(Epsilon / (s * s), -1.0 / (s * s));
    }

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        Check(parameter);
        double s1 = q1 + Epsilon, s2 = q2 + Epsilon, r = 1.0 / Math.Sqrt(s1 * s2), sum = 1.0 / s1 + 1.0 / s2;
        return new ParameterPartials(-c * r * sum / 2, -r * sum / 2);
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q)
    {
        Check(parameter);
        double s = q + Epsilon;
        return new ParameterPartials(-q / (s * s), -1.0 / (s * s));
    }

    private static void Check(int parameter)
    {
        if (parameter != 0) throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "LayerNorm's map has one parameter, epsilon (0).");
    }
}
