using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.Tests.EmpiricalKernels;

/// <summary>
/// Reference empirical kernels written independently of the library's implementations: J is built one
/// output element at a time (a backward pass of one unit cotangent per row of J), Θ = J1·J2ᵀ is formed in
/// full, and trace/diagonal axes are applied by walking every result index.
/// </summary>
internal static class ExplicitJacobian
{
    /// <summary>J(x): row o = ∂f(x)[o]/∂θ, columns in parameter-leaf order.</summary>
    public static double[,] Build(ILayer network, Parameters<double> parameters, Tensor<double> x)
    {
        var layer = (LayerBase)network;
        var output = layer.Forward(parameters, new[] { x }, out var residual)[0];
        int count = checked((int)parameters.Count);
        var jacobian = new double[output.Length, count];
        for (int o = 0; o < output.Length; o++)
        {
            var cotangent = Tensor<double>.Zeros(output.Shape);
            cotangent.Data[o] = 1;
            var row = ParameterTree.Flatten(Differentiation.Vjp(layer, parameters, residual, cotangent));
            for (int p = 0; p < count; p++) jacobian[o, p] = row[p];
        }
        return jacobian;
    }

    /// <summary>The full Θ[o1, o2] = Σ_p J1[o1, p]·J2[o2, p].</summary>
    public static double[,] FullNtk(double[,] j1, double[,] j2)
    {
        int rows1 = j1.GetLength(0), rows2 = j2.GetLength(0), width = j1.GetLength(1);
        var result = new double[rows1, rows2];
        for (int a = 0; a < rows1; a++)
            for (int b = 0; b < rows2; b++)
            {
                double sum = 0;
                for (int p = 0; p < width; p++) sum += j1[a, p] * j2[b, p];
                result[a, b] = sum;
            }
        return result;
    }

    /// <summary>The full NNGP: f1[o1]·f2[o2].</summary>
    public static double[,] FullNngp(Tensor<double> f1, Tensor<double> f2)
    {
        var result = new double[f1.Length, f2.Length];
        for (int a = 0; a < f1.Length; a++)
            for (int b = 0; b < f2.Length; b++) result[a, b] = f1.Data[a] * f2.Data[b];
        return result;
    }

    /// <summary>
    /// Applies Neural Tangents' trace / diagonal semantics to a full kernel over output elements: result axes in
    /// the original axis order, a free axis twice (x1 then x2), a diagonal axis once, a traced axis summed and
    /// divided by its size.
    /// </summary>
    public static (double[] Values, int[] Shape) Reduce(double[,] full, int[] shape1, int[] shape2, int[] traceAxes, int[] diagonalAxes)
    {
        int rank = shape1.Length;
        int Canonical(int a) => a < 0 ? a + rank : a;
        var traced = traceAxes.Select(Canonical).ToHashSet();
        var diagonal = diagonalAxes.Select(Canonical).ToHashSet();
        var resultShape = new List<int>();
        for (int a = 0; a < rank; a++)
        {
            if (traced.Contains(a)) continue;
            if (diagonal.Contains(a)) resultShape.Add(shape1[a]);
            else { resultShape.Add(shape1[a]); resultShape.Add(shape2[a]); }
        }
        var tracedAxes = traced.OrderBy(a => a).ToArray();
        int traceSize = tracedAxes.Aggregate(1, (s, a) => s * shape1[a]);
        int length = resultShape.Aggregate(1, (s, n) => s * n);
        var values = new double[length];
        var resultIndex = new int[resultShape.Count];
        for (int e = 0; e < length; e++)
        {
            // Unravel e over the result shape.
            int rest = e;
            for (int k = resultShape.Count - 1; k >= 0; k--)
            {
                resultIndex[k] = rest % resultShape[k];
                rest /= resultShape[k];
            }
            double sum = 0;
            for (int t = 0; t < traceSize; t++)
            {
                var index1 = new int[rank];
                var index2 = new int[rank];
                int tr = t;
                for (int k = tracedAxes.Length - 1; k >= 0; k--)
                {
                    index1[tracedAxes[k]] = index2[tracedAxes[k]] = tr % shape1[tracedAxes[k]];
                    tr /= shape1[tracedAxes[k]];
                }
                int position = 0;
                for (int a = 0; a < rank; a++)
                {
                    if (traced.Contains(a)) continue;
                    if (diagonal.Contains(a)) index1[a] = index2[a] = resultIndex[position++];
                    else
                    {
                        index1[a] = resultIndex[position++];
                        index2[a] = resultIndex[position++];
                    }
                }
                sum += full[Flat(index1, shape1), Flat(index2, shape2)];
            }
            values[e] = sum / traceSize;
        }
        return (values, resultShape.ToArray());
    }

    private static int Flat(int[] index, int[] shape)
    {
        int flat = 0;
        for (int a = 0; a < shape.Length; a++) flat = flat * shape[a] + index[a];
        return flat;
    }
}
