using System.Runtime.CompilerServices;
using System.Numerics;
using NeuralTangents.Rules;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The kernel rule of a Dense layer, or of a Conv after its box filter, on a row: K ← σw²·K + σb², and the NTK
/// Θ ← σw²·Θ + fan-in·K + [bias] in the standard parameterization, Θ ← σw²·Θ + K' in the NTK one.
/// </summary>
internal sealed class AffineOp<T> : PointwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string _name;
    private readonly T _w2, _b2, _width, _bias;
    private readonly bool _standard;

    /// <param name="name">The layer's name.</param>
    /// <param name="wStd">σw.</param>
    /// <param name="bStd">σb, or null without a bias.</param>
    /// <param name="parameterization">NTK or standard.</param>
    /// <param name="fanIn">The standard parameterization's fan-in over its width scale (input channels × filter size).</param>
    public AffineOp(string name, double wStd, double? bStd, Parameterization parameterization, double fanIn)
    {
        _name = name;
        _w2 = T.CreateTruncating(wStd * wStd);
        _b2 = T.CreateTruncating(bStd is double b ? b * b : 0);
        _width = T.CreateTruncating(fanIn);
        _bias = bStd is null ? T.Zero : T.One;
        _standard = parameterization == Parameterization.Standard;
    }

    public override string Describe() => _name;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Apply(Span<T> nngp, Span<T> ntk, int row, int rows, int inner, SpatialForm form, int positions, PlanContext<T> context)
    {
        if (!ntk.IsEmpty && _standard)
        {
            // Θ ← fan-in·K + σw²·Θ + [bias], before K changes.
            TensorPrimitives.Multiply<T>(ntk, _w2, ntk);
            if (_bias != T.Zero) TensorPrimitives.Add<T>(ntk, _bias, ntk);
            TensorPrimitives.MultiplyAdd<T>(nngp, _width, ntk, ntk);
        }
        TensorPrimitives.Multiply<T>(nngp, _w2, nngp);
        if (_b2 != T.Zero) TensorPrimitives.Add<T>(nngp, _b2, nngp);
        if (!ntk.IsEmpty && !_standard) TensorPrimitives.MultiplyAdd<T>(ntk, _w2, nngp, ntk);
    }
}
