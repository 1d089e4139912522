using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Builds the Jacobian J (one row per output element, one column per parameter in
/// <see cref="Parameters{T}.Leaves"/> order) from one backward pass of unit cotangents: row r of an affine
/// layer's block is s_w·Σ_m x[item(r), m] ⊗ δ[r, m] for W and s_b·Σ_m δ[r, m] for b.
/// </summary>
internal sealed class JacobianSink<T> : IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Tensor<T>, long> _columns = new(ReferenceEqualityComparer.Instance);

    public JacobianSink(Parameters<T> parameters, int rows)
    {
        long offset = 0;
        foreach (var leaf in parameters.Leaves())
        {
            _columns[leaf] = offset;
            offset += leaf.Length;
        }
        Width = checked((int)offset);
        Rows = rows;
        Values = new T[checked((long)rows * Width)];
    }

    /// <summary>The number of parameters (columns).</summary>
    public int Width { get; }

    /// <summary>The number of output elements (rows).</summary>
    public int Rows { get; }

    /// <summary>J, row-major.</summary>
    public T[] Values { get; }

    public void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale)
    {
        var g = AffineGeometry.Of(input, cotangent);
        long weightColumn = _columns[parameters.Tensors[0]];
        long? biasColumn = biasScale is null ? null : _columns[parameters.Tensors[1]];
        var ws = T.CreateTruncating(weightScale);
        var bs = T.CreateTruncating(biasScale ?? 0);
        var values = Values;
        int width = Width;
        System.Threading.Tasks.Parallel.For(0, g.Rows, r =>
        {
            int item = r / g.Repeat;
            var row = values.AsSpan().Slice((int)((long)r * width), width);
            var weights = row.Slice((int)weightColumn, g.InChannels * g.OutChannels);
            for (int m = 0; m < g.Positions; m++)
            {
                var x = input.Data.AsSpan((item * g.Positions + m) * g.InChannels, g.InChannels);
                var delta = cotangent.Data.AsSpan((r * g.Positions + m) * g.OutChannels, g.OutChannels);
                for (int a = 0; a < g.InChannels; a++)
                {
                    var block = weights.Slice(a * g.OutChannels, g.OutChannels);
                    TensorPrimitives.MultiplyAdd<T>(delta, ws * x[a], block, block);
                }
                if (biasColumn is long column)
                {
                    var bias = row.Slice((int)column, g.OutChannels);
                    TensorPrimitives.MultiplyAdd<T>(delta, bs, bias, bias);
                }
            }
        });
    }
}
