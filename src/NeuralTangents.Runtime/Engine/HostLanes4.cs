using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.CompilerServices;

namespace NeuralTangents.Engine;

/// <summary>Four lanes (AVX2, and any processor without AVX-512).</summary>
internal readonly unsafe struct HostLanes4 : IHostLanes<Vector256<double>>
{
    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(ReadOnlySpan<double> values) => Vector256.Create(values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Element(Vector256<double> vector, int lane) => vector.GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(float* source)
    {
        var single = Vector128.Load(source);
        return Vector256.Create(Vector128.WidenLower(single), Vector128.WidenUpper(single));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> vector, float* target) => Vector256.Narrow(vector, vector).GetLower().Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> vector, double* target) => vector.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector256<double>> ABRelu(double a, double b, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) =>
        VectorDuals.ABRelu(a, b, nngp, ntk, q1, q2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntryPair<Vector256<double>> Entries<TChain, TVariances>(in TChain chain, Vector256<double> nngp0, Vector256<double> ntk0, ReadOnlySpan<Vector256<double>> columns0,
        Vector256<double> nngp1, Vector256<double> ntk1, ReadOnlySpan<Vector256<double>> columns1, TVariances row)
        where TChain : struct, IVectorizedChain<TVariances>
        where TVariances : unmanaged =>
        chain.Entries(nngp0, ntk0, columns0, nngp1, ntk1, columns1, row);
}
