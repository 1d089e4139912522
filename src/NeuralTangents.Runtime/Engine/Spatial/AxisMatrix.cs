namespace NeuralTangents.Engine;

/// <summary>
/// A constant linear map along one spatial axis (0-based among the spatial axes): y[…o…] = Σ_i M[o, i]·x[…i…], with
/// M stored row-major as <see cref="Out"/> × <see cref="In"/>. <see cref="Removes"/>: the axis disappears afterwards
/// (an integer index or a contraction with a vector; <see cref="Out"/> is then 1).
/// </summary>
internal sealed record AxisMatrix(int Axis, int Out, int In, double[] Weights, bool Removes)
{
    /// <summary>Whether every row reads at most one input with weight ±1 or 0 (a selection), so the diagonal form maps to itself.</summary>
    public bool IsSelection
    {
        get
        {
            for (int o = 0; o < Out; o++)
            {
                int nonzero = 0;
                for (int i = 0; i < In; i++)
                {
                    double w = Weights[o * In + i];
                    if (w == 0) continue;
                    if (++nonzero > 1) return false;
                }
            }
            return true;
        }
    }
}
