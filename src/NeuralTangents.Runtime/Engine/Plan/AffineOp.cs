using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The kernel rule of a Dense layer, or of a Conv after its box filter, on rows: K ← σw²·K + σb², and the NTK
/// Θ ← fan-in·K + σw²·Θ + [bias] in the standard parameterization, Θ ← K' + σw²·Θ in the NTK one. Each entry is
/// computed in double and rounded once, as the interpreted rule does, so that near-cancelling entries (NTKs close to
/// zero) agree with it and with the generated chains to float rounding.
/// </summary>
internal sealed partial class AffineOp<T> : PointwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string _name;

    /// <param name="name">The layer's name.</param>
    /// <param name="wStd">σw.</param>
    /// <param name="bStd">σb, or null without a bias.</param>
    /// <param name="parameterization">NTK or standard.</param>
    /// <param name="fanIn">The standard parameterization's fan-in over its width scale (input channels × filter size).</param>
    public AffineOp(string name, double wStd, double? bStd, Parameterization parameterization, double fanIn)
    {
        _name = name;
        Rule = new AffineRule(wStd, bStd, parameterization == Parameterization.Standard, fanIn);
    }

    /// <summary>The rule's coefficients (what the device kernels of the plan apply).</summary>
    public AffineRule Rule { get; }

    public override string Describe() => _name;

    /// <summary>σw².</summary>
    public double WeightVariance => Rule.WeightVariance;

    /// <summary>σb² (0 without a bias).</summary>
    public double BiasVariance => Rule.BiasVariance;

    /// <summary>Whether the NTK follows the standard parameterization (fan-in·K + σw²·Θ + [bias]) rather than the NTK one (K' + σw²·Θ).</summary>
    public bool Standard => Rule.Standard != 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Apply(Span<T> nngp, Span<T> ntk, int row, int rows, int inner, SpatialForm form, int positions, PlanContext<T> context)
    {
        // Θ ← fan-in·K + σw²·Θ + [bias], before K changes.
        var rule = Rule;
        if (!ntk.IsEmpty && Standard) Combine(ntk, nngp, rule.FanIn, rule.WeightVariance, rule.Bias);
        Combine(nngp, nngp, 0, rule.WeightVariance, rule.BiasVariance);
        if (!ntk.IsEmpty && !Standard) Combine(ntk, nngp, 1, rule.WeightVariance, 0);
    }

    /// <summary>target ← a·other + b·target + c, in double, rounded once to T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Combine(Span<T> target, ReadOnlySpan<T> other, double a, double b, double c)
    {
        int k = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            // Sixteen floats a step, widened to two vectors of doubles (Vector<T> is only 256 bits wide by default).
            var (va, vb, vc) = (Vector512.Create(a), Vector512.Create(b), Vector512.Create(c));
            fixed (T* targetStart = target)
            fixed (T* otherStart = other)
            {
                float* t = (float*)targetStart, o = (float*)otherStart;
                for (; k + 16 <= target.Length; k += 16)
                {
                    var tv = Vector512.Load(t + k);
                    var ov = Vector512.Load(o + k);
                    var low = va * Vector512.WidenLower(ov) + vb * Vector512.WidenLower(tv) + vc;
                    var high = va * Vector512.WidenUpper(ov) + vb * Vector512.WidenUpper(tv) + vc;
                    Vector512.Narrow(low, high).Store(t + k);
                }
            }
        }
        else if (typeof(T) == typeof(float))
        {
            var t = MemoryMarshal.Cast<T, float>(target);
            var o = MemoryMarshal.Cast<T, float>(other);
            var (va, vb, vc) = (new Vector<double>(a), new Vector<double>(b), new Vector<double>(c));
            for (; k + Vector<float>.Count <= t.Length; k += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(t[k..]), out var tLow, out var tHigh);
                Vector.Widen(new Vector<float>(o[k..]), out var oLow, out var oHigh);
                Vector.Narrow(va * oLow + vb * tLow + vc, va * oHigh + vb * tHigh + vc).CopyTo(t[k..]);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var t = MemoryMarshal.Cast<T, double>(target);
            var o = MemoryMarshal.Cast<T, double>(other);
            var (va, vb, vc) = (new Vector<double>(a), new Vector<double>(b), new Vector<double>(c));
            for (; k + Vector<double>.Count <= t.Length; k += Vector<double>.Count)
                (va * new Vector<double>(o[k..]) + vb * new Vector<double>(t[k..]) + vc).CopyTo(t[k..]);
        }
        for (; k < target.Length; k++)
            target[k] = T.CreateTruncating(a * double.CreateTruncating(other[k]) + b * double.CreateTruncating(target[k]) + c);
    }
}
