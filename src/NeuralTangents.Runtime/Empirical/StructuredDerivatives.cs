using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Implementation 3: the NTK from the structure of each affine layer's derivative, never forming J. For a
/// layer y = s_w·x·W + s_b·b seen at positions m, the parameter gradients of output elements o1, o2 meet as
/// ⟨∂y(o1)/∂θ, ∂y(o2)/∂θ⟩ = Σ_{m,m'} (s_w²·⟨x1[m], x2[m']⟩ + s_b²)·⟨δ1[o1, m], δ2[o2, m']⟩,
/// so the cost is a Gram matrix of layer inputs and one of cotangents per (d, c), instead of rows of length P.
/// A Dense layer on spatial activations sees its input x[m] at each position m; a convolution is the same
/// factorization with x[m] the input patch under output position m (what Conv reports to the sink), so its
/// filter's contribution is the sum over patch pairs of ⟨patch1[m], patch2[m']⟩·⟨δ1[m], δ2[m']⟩.
/// </summary>
internal static class StructuredDerivatives
{
    public static void Accumulate<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x1, Tensor<T> x2, bool sameInputs,
        BlockLayout layout, T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var records1 = Records(network, parameters, x1);
        var records2 = sameInputs ? records1 : Records(network, parameters, x2);
        if (records1.Count != records2.Count)
            throw new InvalidOperationException("The backward passes of x1 and x2 visited different numbers of affine layers.");
        for (int l = 0; l < records1.Count; l++) AccumulateLayer(records1[l], records2[l], layout, result);
    }

    /// <summary>Every affine layer's (x, δ) for unit cotangents on all outputs of f(x).</summary>
    public static List<AffineRecord<T>> Records<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var output = network.Forward(parameters, new[] { x }, out var residual)[0];
        var sink = new AffineRecordSink<T>();
        int perItem = output.Dim(0) == 0 ? 0 : output.Length / output.Dim(0);
        network.Backward(parameters, residual, new[] { Differentiation.UnitCotangents<T>(output.Shape) }, new BackwardContext<T>(perItem, sink));
        return sink.Records;
    }

    private static void AccumulateLayer<T>(AffineRecord<T> a, AffineRecord<T> b, BlockLayout layout, T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = a.Geometry.Positions, nOut = a.Geometry.OutChannels;
        double w2 = a.WeightVariance, b2 = a.BiasVariance;
        var inputGram = InputGram(a, b);
        int inputRows2 = b.Geometry.Items * m;

        var s1 = layout.Side1;
        var s2 = layout.Side2;
        var order1 = s1.ElementsInOrder(traceBeforeFree: true);
        var order2 = s2.ElementsInOrder(traceBeforeFree: true);
        var grouped1 = Group(a.Cotangent.Data, m * nOut, order1);
        var grouped2 = Group(b.Cotangent.Data, m * nOut, order2);
        int rows1 = s1.FSize * m, rows2 = s2.FSize * m;
        var cotangentGram = new T[(long)rows1 * rows2];
        for (int d = 0; d < s1.DSize; d++)
        {
            for (int c = 0; c < s1.CSize; c++)
            {
                int block1 = d * s1.CSize + c, block2 = d * s2.CSize + c;
                Blas.Gemm(false, true, rows1, rows2, nOut, T.One,
                    grouped1.AsSpan(block1 * rows1 * nOut), nOut, grouped2.AsSpan(block2 * rows2 * nOut), nOut, T.Zero, cotangentGram, rows2);
                int dd = d;
                System.Threading.Tasks.Parallel.For(0, s1.FSize, f1 =>
                {
                    int item1 = s1.ItemOf(order1[block1 * s1.FSize + f1]);
                    for (int f2 = 0; f2 < s2.FSize; f2++)
                    {
                        int item2 = s2.ItemOf(order2[block2 * s2.FSize + f2]);
                        double sum = PositionPairSum(inputGram, inputRows2, item1, item2, cotangentGram, rows2, f1, f2, m, w2, b2);
                        // Distinct f1 own distinct result entries, so the parallel rows never collide.
                        result[layout.Offset(dd, f1, f2)] += T.CreateTruncating(sum);
                    }
                });
            }
        }
    }

    /// <summary>
    /// ⟨x1[i1, m], x2[i2, m']⟩ for every item and position pair: an (items1·P) × (items2·P) matrix whose rows and
    /// columns are (item, position).
    /// </summary>
    internal static T[] InputGram<T>(AffineRecord<T> a, AffineRecord<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g1 = a.Geometry;
        int positions = g1.Positions, nIn = g1.InChannels;
        int rows1 = g1.Items * positions, rows2 = b.Input.Dim(0) * positions;
        var gram = new T[(long)rows1 * rows2];
        Blas.Gemm(false, true, rows1, rows2, nIn, T.One, a.Input.Data, nIn, b.Input.Data, nIn, T.Zero, gram, rows2);
        return gram;
    }

    /// <summary>
    /// One layer's share of a pair: Σ_{m,m'} (s_w²·⟨x1[item1, m], x2[item2, m']⟩ + s_b²)·⟨δ1[row1, m], δ2[row2, m']⟩, from
    /// the input Gram (<see cref="InputGram{T}"/>, <paramref name="inputCols"/> columns) and a cotangent Gram laid out
    /// alike (rows and columns (cotangent row, position), <paramref name="cotangentCols"/> columns).
    /// </summary>
    internal static double PositionPairSum<T>(T[] inputGram, int inputCols, int item1, int item2, T[] cotangentGram, int cotangentCols,
        int row1, int row2, int positions, double weightVariance, double biasVariance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int p = 0; p < positions; p++)
        {
            long inputRow = (long)(item1 * positions + p) * inputCols + item2 * positions;
            long cotangentRow = (long)(row1 * positions + p) * cotangentCols + row2 * positions;
            for (int q = 0; q < positions; q++)
                sum += (weightVariance * double.CreateTruncating(inputGram[inputRow + q]) + biasVariance) * double.CreateTruncating(cotangentGram[cotangentRow + q]);
        }
        return sum;
    }

    /// <summary>Cotangent rows reordered to (d, c, f) nesting.</summary>
    private static T[] Group<T>(T[] rows, int width, int[] order) where T : unmanaged
    {
        var grouped = new T[(long)order.Length * width];
        for (int p = 0; p < order.Length; p++) rows.AsSpan(order[p] * width, width).CopyTo(grouped.AsSpan(p * width, width));
        return grouped;
    }
}
