using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// Forward mode: with centred coefficients c_k = x_k − mean(x_k), the variance series v_k = mean Σ_j c_j·c_{k−j},
/// s = (v + ε)^(−1/2) by the power-series recurrence of g^α (below), and
/// y_k = Σ_j c_j·s_{k−j}, per normalized group (means over the group's members).
/// </summary>
internal sealed partial class LayerNorm
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        int degree = input.Degree;
        var coefficients = new Tensor<T>?[degree + 1];
        coefficients[0] = Forward(parameters, new[] { input.Primal }, out _)[0];
        if (JetMath.IsConstant(input)) return new[] { new Jet<T>(coefficients) };
        var groups = GroupsFor(input.Primal.Shape);
        int items = input.Primal.Dim(0), units = input.Primal.RowLength;
        for (int k = 1; k <= degree; k++) coefficients[k] = Tensor<T>.Zeros(input.Primal.Shape);
        var centred = new double[degree + 1][];
        var g = new double[degree + 1];
        var s = new double[degree + 1];
        for (int n = 0; n < items; n++)
            foreach (var members in groups.Members)
            {
                long origin = (long)n * units;
                int size = members.Length;
                for (int k = 0; k <= degree; k++)
                {
                    centred[k] = new double[size];
                    if (input.Coefficients[k] is not { } xk) continue;
                    double mean = 0;
                    for (int m = 0; m < size; m++) mean += double.CreateTruncating(xk.Data[origin + members[m]]);
                    mean /= size;
                    for (int m = 0; m < size; m++) centred[k][m] = double.CreateTruncating(xk.Data[origin + members[m]]) - mean;
                }
                for (int k = 0; k <= degree; k++)
                {
                    double v = 0;
                    for (int j = 0; j <= k; j++)
                        for (int m = 0; m < size; m++) v += centred[j][m] * centred[k - j][m];
                    g[k] = v / size + (k == 0 ? Epsilon : 0);
                }
                // f = g^α with α = −1/2: f_0 = g_0^α, f_k = 1/(k·g_0)·Σ_{j=1..k} ((α + 1)·j − k)·g_j·f_{k−j}.
                s[0] = 1.0 / Math.Sqrt(g[0]);
                for (int k = 1; k <= degree; k++)
                {
                    double sum = 0;
                    for (int j = 1; j <= k; j++) sum += (0.5 * j - k) * g[j] * s[k - j];
                    s[k] = sum / (k * g[0]);
                }
                for (int k = 1; k <= degree; k++)
                    for (int m = 0; m < size; m++)
                    {
                        double y = 0;
                        for (int j = 0; j <= k; j++) y += centred[j][m] * s[k - j];
                        coefficients[k]!.Data[origin + members[m]] = T.CreateTruncating(y);
                    }
            }
        return new[] { new Jet<T>(coefficients) };
    }
}
