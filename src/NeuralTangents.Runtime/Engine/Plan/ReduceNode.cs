using System.Runtime.CompilerServices;
using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A step that changes the form: Flatten (the mean of the diagonal over positions), global pooling (the scaled sum
/// of the full covariance over all position pairs), or dropping a full covariance to its diagonal once nothing
/// later needs the rest.
/// </summary>
internal sealed class ReduceNode<T> : PlanNode<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReduceKind _kind;
    private readonly T _scale;
    private readonly string _name;

    public ReduceNode(string name, ReduceKind kind, double scale)
    {
        _name = name;
        _kind = kind;
        _scale = T.CreateTruncating(scale);
    }

    public override IEnumerable<string> Describe() => new[] { _name };

    /// <summary>What the step does.</summary>
    public ReduceKind Kind => _kind;

    /// <summary>The factor on the sums (Flatten's 1/positions, global pooling's).</summary>
    public T Scale => _scale;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(PairState<T> state, PlanContext<T> context)
    {
        switch (_kind)
        {
            case ReduceKind.Flatten:
            {
                if (state.Form != SpatialForm.Diagonal) throw new InvalidOperationException($"{_name} received a {state.Form} state; the plan should have reduced it to the diagonal.");
                var (nngp, ntk) = state.Rent(SpatialForm.None, 1);
                SumRows(state.Nngp, state, nngp);
                if (ntk is not null) SumRows(state.Ntk!, state, ntk);
                state.Replace(nngp, ntk, SpatialForm.None, 1);
                break;
            }
            case ReduceKind.GlobalPool:
            {
                if (state.Form != SpatialForm.Full) throw new InvalidOperationException($"{_name} received a {state.Form} state; pooling needs the full covariance.");
                var (nngp, ntk) = state.Rent(SpatialForm.None, 1);
                int size = state.Positions * state.Positions;
                nngp[0] = RowArithmetic<T>.Total(state.Nngp.AsSpan(0, size)) * _scale;
                if (ntk is not null) ntk[0] = RowArithmetic<T>.Total(state.Ntk.AsSpan(0, size)) * _scale;
                state.Replace(nngp, ntk, SpatialForm.None, 1);
                break;
            }
            default:
            {
                int positions = state.Positions;
                var (nngp, ntk) = state.Rent(SpatialForm.Diagonal, positions);
                for (int p = 0; p < positions; p++)
                {
                    nngp[p] = state.Nngp[p * positions + p];
                    if (ntk is not null) ntk[p] = state.Ntk![p * positions + p];
                }
                state.Replace(nngp, ntk, SpatialForm.Diagonal, positions);
                break;
            }
        }
    }

    private void SumRows(T[] source, PairState<T> state, T[] target)
    {
        int lanes = state.Lanes;
        var sum = target.AsSpan(0, lanes);
        sum.Clear();
        for (int p = 0; p < state.Positions; p++) RowArithmetic<T>.Add(sum, source.AsSpan(p * lanes, lanes));
        RowArithmetic<T>.Scale(sum, _scale);
    }
}

/// <summary>What a <see cref="ReduceNode{T}"/> does.</summary>
internal enum ReduceKind
{
    /// <summary>Diagonal form → no positions: the scaled sum over positions.</summary>
    Flatten,

    /// <summary>Full form → no positions: the scaled sum over all position pairs.</summary>
    GlobalPool,

    /// <summary>Full form → diagonal form.</summary>
    ToDiagonal,
}
