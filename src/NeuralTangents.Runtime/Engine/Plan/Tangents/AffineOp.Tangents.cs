using System.Runtime.CompilerServices;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The forward-mode rule of Dense's (and Conv's) affine map. K' = σw²·K + σb² gives dK' = σw²·dK + d(σw²)·K + d(σb²);
/// the NTK Θ' = fan-in·K + σw²·Θ + [bias] (standard) gives dΘ' = fan-in·dK + σw²·dΘ + d(σw²)·Θ, and Θ' = K' + σw²·Θ
/// (NTK parameterization) gives dΘ' = dK' + σw²·dΘ + d(σw²)·Θ. The seeds carry d(σw²)/dθ (parameter 0) and d(σb²)/dθ
/// (parameter 1). Computed in double and rounded once per entry, as the primal rule is.
/// </summary>
internal sealed partial class AffineOp<T> : ITangentOp<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyTangents(ReadOnlySpan<T> nngp, ReadOnlySpan<T> ntk, PairState<T>[] tangents, int rows, int inner, SpatialForm form, int positions,
        PlanContext<T> context, TangentContext<T> tangentContext)
    {
        var seeds = tangentContext.SeedsOf(this);
        int size = rows * inner;
        var rule = Rule;
        bool standard = rule.Standard != 0;
        for (int m = 0; m < tangents.Length; m++)
        {
            double dw2 = 0, db2 = 0;
            foreach (var seed in seeds)
            {
                if (seed.Tangent != m) continue;
                if (seed.Parameter == 0) dw2 += seed.Scale;
                else db2 += seed.Scale;
            }
            var dK = tangents[m].Nngp;
            var dT = ntk.IsEmpty ? null : tangents[m].Ntk;
            for (int k = 0; k < size; k++)
            {
                double kernel = double.CreateTruncating(nngp[k]), dKernel = double.CreateTruncating(dK[k]);
                double next = rule.WeightVariance * dKernel + dw2 * kernel + db2;
                if (dT is not null)
                {
                    double tangentKernel = double.CreateTruncating(ntk[k]), dTangent = double.CreateTruncating(dT[k]);
                    double nextNtk = (standard ? rule.FanIn * dKernel : next) + rule.WeightVariance * dTangent + dw2 * tangentKernel;
                    dT[k] = T.CreateTruncating(nextNtk);
                }
                dK[k] = T.CreateTruncating(next);
            }
        }
    }
}
