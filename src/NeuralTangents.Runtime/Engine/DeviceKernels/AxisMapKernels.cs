using ILGPU;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code of the constant linear maps over spatial axes (Index, ImageResize, DotGeneral), as chunked loops
/// (logical thread t handles elements [t·chunk, (t+1)·chunk)). Applying M along one axis of one member of every
/// pair, K'[…o…, p'] = Σ_i M[o, i]·K[…i…, p'], once per member gives M K Mᵀ; one pass per axis and member keeps
/// the cost at (output entries × axis length) instead of a product over all axes.
/// </summary>
internal static class AxisMapKernels
{
    /// <summary>One pass: <paramref name="matrix"/> is the (Out × AxisIn) map, row-major.</summary>
    public static void Apply<T, TS>(Index1D thread, ArrayView<T> input, ArrayView<T> output, ArrayView<double> matrix,
        AxisMapGeometry g, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        int inSize = g.InSize, outSize = g.OutSize, axisIn = g.AxisIn;
        int other = g.Full != 0 ? g.OtherSize : 1;
        long inPer = (long)inSize * other, outPer = (long)outSize * other;
        // Output dims of the mapped member.
        int o0 = g.Axis == 0 ? g.Out : g.In0, o1 = g.Axis == 1 ? g.Out : g.In1, o2 = g.Axis == 2 ? g.Out : g.In2;
        for (long e = start; e < end; e++)
        {
            long pair = e / outPer;
            long within = e - pair * outPer;
            int mapped, rest;
            if (g.Full != 0 && g.Side == 0)
            {
                mapped = (int)(within / other);
                rest = (int)(within - (long)mapped * other);
            }
            else if (g.Full != 0)
            {
                rest = (int)(within / outSize);
                mapped = (int)(within - (long)rest * outSize);
            }
            else
            {
                mapped = (int)within;
                rest = 0;
            }
            int c2 = mapped % o2, c1 = mapped / o2 % o1, c0 = mapped / (o2 * o1);
            int row = g.Axis == 0 ? c0 : g.Axis == 1 ? c1 : c2;
            long origin = pair * inPer;
            double sum = 0;
            for (int i = 0; i < axisIn; i++)
            {
                double w = matrix[(long)row * axisIn + i];
                if (w == 0) continue;
                int a0 = g.Axis == 0 ? i : c0, a1 = g.Axis == 1 ? i : c1, a2 = g.Axis == 2 ? i : c2;
                int source = (a0 * g.In1 + a1) * g.In2 + a2;
                long index = g.Full == 0 ? source : g.Side == 0 ? (long)source * other + rest : (long)rest * inSize + source;
                sum += (g.Squared != 0 ? w * w : w) * s.ToDouble(input[origin + index]);
            }
            output[e] = s.FromDouble(sum);
        }
    }
}
