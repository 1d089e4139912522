using System.Runtime.CompilerServices;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The forward-mode rule of a nonlinearity's dual, from its derivative maps (<see cref="IDualDerivatives"/>):
/// dK' = ∂T/∂c·dc + ∂T/∂q1·dq1 + ∂T/∂q2·dq2 + ∂T/∂θ, dΘ' = dΘ·Ṫ + Θ·(∂Ṫ/∂c·dc + ∂Ṫ/∂q1·dq1 + ∂Ṫ/∂q2·dq2 + ∂Ṫ/∂θ),
/// with dq1, dq2 the tangents of the items' variances (recorded by the variance run beside the variances). Where the
/// primal rule forces ρ = 1 (an item against itself at the same position, and every entry of a diagonal variance run)
/// the self-diagonal slopes apply: dK' = dT_d/dq·dq + ∂T_d/∂θ, dΘ' = dΘ·Ṫ(q; q, q) + Θ·(d/dq Ṫ(q; q, q)·dq + ∂Ṫ(q; q, q)/∂θ).
/// A partial that does not exist (the arc-cosine family at ρ = ±1 elsewhere) is an error only where a non-zero tangent
/// multiplies it, except between two items the recursion cannot tell apart (equal variances, ρ = 1), which stay equal
/// under every hyperparameter and so move along the diagonal too. One-sided tangents (by x1, <see cref="TangentContext{T}.OneSided"/>)
/// move one side only: there neither diagonal shortcut holds in a cross run, and the general rule applies at c = q1.
/// </summary>
internal sealed partial class DualOp<T, TAct> : ITangentOp<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyTangents(ReadOnlySpan<T> nngp, ReadOnlySpan<T> ntk, PairState<T>[] tangents, int rows, int inner, SpatialForm form, int positions,
        PlanContext<T> context, TangentContext<T> tangentContext)
    {
        var derivatives = _activation as IDualDerivatives
            ?? throw new NotSupportedException($"{_name}: this nonlinearity has no derivative maps, so kernel derivatives cannot pass through it.");
        if (tangents.Length == 0) return;
        var seeds = tangentContext.SeedsOf(this);
        var table = context.Rows;
        if (context.Recording && form != SpatialForm.Full)
        {
            // Items against themselves: every entry is a same-position variance q; record its tangents, then T_d's rule.
            for (int r = 0; r < rows; r++)
            {
                int first = table.Index(Index, context.RowItem, r);
                for (int k = 0; k < inner; k++)
                {
                    double q = double.CreateTruncating(nngp[r * inner + k]);
                    var slopes = derivatives.Diagonal(q);
                    for (int m = 0; m < tangents.Length; m++)
                    {
                        var dState = tangents[m].Nngp;
                        tangentContext.Rows[m][Index][first + k] = dState[r * inner + k];
                        double dq = double.CreateTruncating(dState[r * inner + k]);
                        double next = dq == 0 ? 0 : slopes.Variance * dq;
                        foreach (var seed in seeds)
                            if (seed.Tangent == m) next += seed.Scale * derivatives.DiagonalParameterPartials(seed.Parameter, q).Nngp;
                        dState[r * inner + k] = T.CreateTruncating(next);
                    }
                }
            }
            return;
        }

        var cols = context.Cols;
        var rowTable = table[Index];
        var colTable = cols[Index];
        bool withNtk = !ntk.IsEmpty;
        for (int r = 0; r < rows; r++)
        {
            int rowIndex = table.Index(Index, context.RowItem, r);
            int colFirst = cols.Index(Index, context.ColItem, form == SpatialForm.Full ? 0 : r);
            double q1 = double.CreateTruncating(rowTable[rowIndex]);
            // One-sided tangents (by x1) leave an item against itself off the diagonal: the general rule at c = q1.
            int self = SelfLane(form, context, r, inner);
            int forced = self;
            if (tangentContext.OneSided) self = -1;
            for (int k = 0; k < inner; k++)
            {
                int at = r * inner + k;
                double theta = withNtk ? double.CreateTruncating(ntk[at]) : 0;
                if (k == self)
                {
                    // The primal rule set c = q1 here and took T_d(q1) and Ṫ(q1; q1, q1); the variance's tangent moves it.
                    AlongDiagonal(derivatives, seeds, tangents, at, q1, _activation.NtkFactor(q1, q1, q1), withNtk, theta,
                        m => double.CreateTruncating(tangentContext.Rows[m][Index][rowIndex]));
                    continue;
                }
                double c = k == forced ? q1 : double.CreateTruncating(nngp[at]);
                double q2 = double.CreateTruncating(colTable[colFirst + k]);
                if (!tangentContext.OneSided && Indistinguishable(c, q1, q2) && derivatives.Singularity(c, q1, q2) is not null)
                {
                    // Two items (or positions) that the recursion cannot tell apart — equal variances and ρ = 1, as for equal
                    // inputs — stay so under every hyperparameter: the entry moves along the diagonal, where the slopes exist.
                    // The entry's own tangent moves it.
                    AlongDiagonal(derivatives, seeds, tangents, at, q1, withNtk ? _activation.NtkFactor(c, q1, q2) : 0, withNtk, theta,
                        m => double.CreateTruncating(tangents[m].Nngp[at]));
                    continue;
                }
                var p = derivatives.Partials(c, q1, q2);
                double ntkFactor = withNtk ? _activation.NtkFactor(c, q1, q2) : 0;
                for (int m = 0; m < tangents.Length; m++)
                {
                    double dc = double.CreateTruncating(tangents[m].Nngp[at]);
                    double dq1 = double.CreateTruncating(tangentContext.Rows[m][Index][rowIndex]);
                    double dq2 = double.CreateTruncating(tangentContext.Cols[m][Index][colFirst + k]);
                    double dK = Term(p.NngpC, dc, c, q1, q2, derivatives, context, form, r, k) + Term(p.NngpQ1, dq1, c, q1, q2, derivatives, context, form, r, k)
                        + Term(p.NngpQ2, dq2, c, q1, q2, derivatives, context, form, r, k);
                    double dFactor = !withNtk ? 0
                        : Term(p.FactorC, dc, c, q1, q2, derivatives, context, form, r, k) + Term(p.FactorQ1, dq1, c, q1, q2, derivatives, context, form, r, k)
                        + Term(p.FactorQ2, dq2, c, q1, q2, derivatives, context, form, r, k);
                    foreach (var seed in seeds)
                    {
                        if (seed.Tangent != m) continue;
                        var partials = derivatives.ParameterPartials(seed.Parameter, c, q1, q2);
                        dK += seed.Scale * partials.Nngp;
                        dFactor += seed.Scale * partials.Factor;
                    }
                    Store(tangents[m], at, dK, withNtk, ntkFactor, theta, dFactor);
                }
            }
        }
    }

    /// <summary>
    /// An entry that moves along the self-diagonal (c = q1 = q2 = q): dK' = dT_d/dq·dq + ∂T_d/∂θ and dΘ' = dΘ·Ṫ + Θ·dṪ with
    /// dṪ = d/dq Ṫ(q; q, q)·dq + ∂Ṫ(q; q, q)/∂θ, for every tangent m with its dq from <paramref name="variance"/>.
    /// </summary>
    private void AlongDiagonal(IDualDerivatives derivatives, TangentSeed[] seeds, PairState<T>[] tangents, int at, double q, double factor,
        bool withNtk, double theta, Func<int, double> variance)
    {
        var slopes = derivatives.Diagonal(q);
        for (int m = 0; m < tangents.Length; m++)
        {
            double dq = variance(m);
            double dK = dq == 0 ? 0 : slopes.Variance * dq, dFactor = dq == 0 ? 0 : slopes.Factor * dq;
            foreach (var seed in seeds)
            {
                if (seed.Tangent != m) continue;
                var partials = derivatives.DiagonalParameterPartials(seed.Parameter, q);
                dK += seed.Scale * partials.Nngp;
                dFactor += seed.Scale * partials.Factor;
            }
            Store(tangents[m], at, dK, withNtk, factor, theta, dFactor);
        }
    }

    /// <summary>
    /// Whether (c; q1, q2) is an item against itself as far as the recursion can tell: equal variances (to 1e-12, a few
    /// ulps of drift between the maps that carry them) and c at or above them (ρ = 1 within rounding).
    /// </summary>
    private static bool Indistinguishable(double c, double q1, double q2)
    {
        double scale = Math.Max(Math.Abs(q1), Math.Abs(q2));
        return scale > 0 && Math.Abs(q1 - q2) <= 1e-12 * scale && c >= scale * (1 - 1e-12);
    }

    /// <summary>dK' into the tangent's nngp; dΘ' = dΘ·Ṫ + Θ·dṪ into its ntk.</summary>
    private static void Store(PairState<T> tangent, int at, double dK, bool withNtk, double factor, double theta, double dFactor)
    {
        if (withNtk)
        {
            double dTheta = double.CreateTruncating(tangent.Ntk![at]);
            tangent.Ntk[at] = T.CreateTruncating(dTheta * factor + theta * dFactor);
        }
        tangent.Nngp[at] = T.CreateTruncating(dK);
    }

    /// <summary>partial·tangent, zero without a tangent even where the partial does not exist; an error where it is needed and does not.</summary>
    private double Term(double partial, double tangent, double c, double q1, double q2, IDualDerivatives derivatives, PlanContext<T> context, SpatialForm form, int row, int lane)
    {
        if (tangent == 0) return 0;
        if (double.IsFinite(partial)) return partial * tangent;
        string reason = derivatives.Singularity(c, q1, q2) ?? $"its partial derivative at c = {c:G9}, q1 = {q1:G9}, q2 = {q2:G9} is {partial}.";
        throw new KernelDerivativeException(_name, Entry(context, form, row, lane), reason);
    }

    /// <summary>The kernel entry a lane of a row belongs to, in words.</summary>
    private static string Entry(PlanContext<T> context, SpatialForm form, int row, int lane) => form switch
    {
        SpatialForm.Full => context.Recording
            ? $"item {context.RowItem} against itself at positions ({row}, {lane})"
            : $"x1 item {context.RowItem} against x2 item {context.ColItem} at positions ({row}, {lane})",
        SpatialForm.Diagonal => $"x1 item {context.RowItem} against x2 item {context.ColItem + lane} at position {row}",
        _ => $"x1 item {context.RowItem} against x2 item {context.ColItem + lane}",
    };
}
