using NeuralTangents.CompilerServices;

namespace NeuralTangents.Tests.Engine.Ptx;

/// <summary>
/// A fused chain written the way the generator writes one (Dense, Relu, Dense, Gelu, Dense, Erf, Dense with literal
/// constants), so that <c>FusedKernels</c> is compiled in this project, which does not run the generator; the
/// generator's own chains are compiled by the generator tests. Relu and Gelu go through their closed-form
/// <c>Fused</c> duals, Erf through the generic one.
/// </summary>
internal readonly struct PtxTestChain : IFusedChain<PtxTestChain.ItemVariances>
{
    /// <summary>The variances of one item entering each nonlinearity, and at the output.</summary>
    public struct ItemVariances
    {
        /// <summary>Entering Relu, Gelu and Erf.</summary>
        public double Q0, Q1, Q2;

        /// <summary>At the output.</summary>
        public double Output;
    }

    /// <inheritdoc/>
    public ItemVariances Variances(double inputVariance)
    {
        var v = default(ItemVariances);
        v.Q0 = Dense(inputVariance);
        v.Q1 = Dense(Duals.ReluVariance(v.Q0));
        v.Q2 = Dense(Duals.GeluVariance(false, v.Q1));
        v.Output = Dense(Duals.ErfVariance(1, 1, 0, v.Q2));
        return v;
    }

    /// <inheritdoc/>
    public double OutputVariance(ItemVariances variances) => variances.Output;

    /// <inheritdoc/>
    public FusedEntry Entry(double nngp, double ntk, ItemVariances row, ItemVariances column)
    {
        var e = DenseEntry(new FusedEntry(nngp, ntk));
        e = DenseEntry(Duals.Relu(e.Nngp, e.Ntk, row.Q0, column.Q0));
        e = DenseEntry(Duals.Gelu(false, e.Nngp, e.Ntk, row.Q1, column.Q1));
        return DenseEntry(Duals.Erf(1, 1, 0, e.Nngp, e.Ntk, row.Q2, column.Q2));
    }

    private static double Dense(double k) => 2.25 * k + 0.0025;

    private static FusedEntry DenseEntry(FusedEntry e)
    {
        double k = Dense(e.Nngp);
        return new FusedEntry(k, k + 2.25 * e.Ntk);
    }
}
