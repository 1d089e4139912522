using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.CompilerServices;

namespace NeuralTangents.Engine;

/// <summary>Eight lanes (AVX-512).</summary>
internal readonly unsafe struct HostLanes8 : IHostLanes<Vector512<double>>
{
    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(ReadOnlySpan<double> values) => Vector512.Create(values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Element(Vector512<double> vector, int lane) => vector.GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(float* source)
    {
        var single = Vector256.Load(source);
        return Vector512.Create(Vector256.WidenLower(single), Vector256.WidenUpper(single));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(double* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> vector, float* target) => Vector512.Narrow(vector, vector).GetLower().Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> vector, double* target) => vector.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector512<double>> ABRelu(double a, double b, Vector512<double> nngp, Vector512<double> ntk, Vector512<double> q1, Vector512<double> q2) =>
        VectorDuals.ABRelu(a, b, nngp, ntk, q1, q2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntryPair<Vector512<double>> Entries<TChain, TVariances>(in TChain chain, Vector512<double> nngp0, Vector512<double> ntk0, ReadOnlySpan<Vector512<double>> columns0,
        Vector512<double> nngp1, Vector512<double> ntk1, ReadOnlySpan<Vector512<double>> columns1, TVariances row)
        where TChain : struct, IVectorizedChain<TVariances>
        where TVariances : unmanaged =>
        chain.Entries(nngp0, ntk0, columns0, nngp1, ntk1, columns1, row);
}
