using NeuralTangents.Layers.Spatial;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>Constant linear maps over spatial axes: Index, ImageResize, DotGeneral.</summary>
public static partial class Stax
{
    /// <summary>
    /// NumPy-style indexing (Neural Tangents' <c>Index</c>): one entry per leading axis, batch first; missing entries
    /// keep their axes. The batch and channel entries must be <see cref="AxisIndex.All"/>; on spatial axes slices
    /// keep the axis and <see cref="AxisIndex.At"/> removes it. E.g. <c>Index(All, Slice(0, 4), At(0))</c> keeps rows
    /// 0–3 of the first column of (batch, H, W, C) images.
    /// </summary>
    /// <param name="index">The entries, batch axis first.</param>
    /// <exception cref="NetworkDefinitionException">The batch axis is indexed (NT0007) or the channel axis (NT0006).</exception>
    public static ILayer Index(params AxisIndex[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Made(new Indexing(index.Select(e => e.Entry).ToArray()), [index]);
    }

    /// <summary>
    /// Resizes spatial axes (Neural Tangents' <c>ImageResize</c>, JAX's <c>jax.image.resize</c>). <paramref name="shape"/>
    /// has one entry per axis of the input, -1 keeping that axis; batch and channel entries must be -1.
    /// </summary>
    /// <param name="shape">The output shape, -1 to keep an axis, e.g. {-1, 16, 16, -1}.</param>
    /// <param name="method">LINEAR or NEAREST.</param>
    /// <param name="antialias">Whether LINEAR downsampling widens its filter (JAX's default); no effect on upsampling or NEAREST.</param>
    /// <exception cref="NetworkDefinitionException">A nonpositive size (NT0004), the batch axis resized (NT0007) or the channel axis (NT0006).</exception>
    public static ILayer ImageResize(int[] shape, ResizeMethod method, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Made(new ImageResize(shape, (ResizeKind)method, antialias), [shape, method, antialias]);
    }

    /// <summary>
    /// Multiplies one spatial axis by a constant matrix (Neural Tangents' <c>DotGeneral</c> with a constant):
    /// y[…, o, …] = Σ_i matrix[o, i]·x[…, i, …] for every channel; the axis keeps its place with rows(matrix) entries.
    /// </summary>
    /// <param name="matrix">The constant, rows × (size of the axis).</param>
    /// <param name="axis">The input axis (1 to rank − 2; negative counts from the end).</param>
    /// <exception cref="NetworkDefinitionException">The batch axis (NT0007) or the channel axis (NT0006), or an empty matrix (NT0004).</exception>
    public static ILayer DotGeneral(double[,] matrix, int axis)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        var weights = new double[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) weights[r * columns + c] = matrix[r, c];
        RequireFinite(weights, nameof(matrix));
        return Made(new DotGeneral(weights, rows, columns, axis, vector: false), [matrix, axis]);
    }

    /// <summary>
    /// Contracts one spatial axis with a constant vector, removing the axis (Neural Tangents' <c>DotGeneral</c> with a
    /// 1-d constant): y[…] = Σ_i weights[i]·x[…, i, …].
    /// </summary>
    /// <param name="weights">The constant, one entry per position of the axis.</param>
    /// <param name="axis">The input axis (1 to rank − 2; negative counts from the end).</param>
    /// <exception cref="NetworkDefinitionException">The batch axis (NT0007) or the channel axis (NT0006), or an empty vector (NT0004).</exception>
    public static ILayer DotGeneral(double[] weights, int axis)
    {
        ArgumentNullException.ThrowIfNull(weights);
        RequireFinite(weights, nameof(weights));
        return Made(new DotGeneral(weights, 1, weights.Length, axis, vector: true), [weights, axis]);
    }

    private static void RequireFinite(double[] values, string argument)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{argument} must contain only finite values, but element {i} (row-major) is {values[i]}.", argument);
    }
}
