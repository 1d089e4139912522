using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Implementation 2: NTK-vector products without the Jacobian. For each output element o2 of f(x2), a VJP
/// pulls the unit vector e_o2 back to parameter space, v = J2ᵀe_o2 (memory of one parameter vector), and a JVP
/// pushes v forward through x1: J1·v = Θ[:, o2], one column of the NTK per forward pass on dual numbers.
/// Items are independent in every layer, so x2 is processed one item at a time.
/// </summary>
internal static class NtkVectorProducts
{
    public static void Accumulate<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x1, Tensor<T> x2, BlockLayout layout, bool batchCoupled,
        T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s1 = layout.Side1;
        var s2 = layout.Side2;
        int items2 = x2.Dim(0);
        for (int i2 = 0; i2 < items2; i2++)
        {
            var output = network.Forward(parameters, new[] { x2.SliceRows(i2, 1) }, out var residual)[0];
            int perItem = output.Length;
            // With a traced or diagonal batch axis only item i2 of x1 meets item i2 of x2.
            var partner = batchCoupled ? x1.SliceRows(i2, 1) : x1;
            int firstElement1 = batchCoupled ? i2 * perItem : 0;
            for (int r = 0; r < perItem; r++)
            {
                int o2 = i2 * perItem + r;
                var cotangent = Tensor<T>.Zeros(output.Shape);
                cotangent.Data[r] = T.One;
                var direction = Differentiation.Vjp(network, parameters, residual, cotangent);
                var (_, column) = Differentiation.Jvp(network, parameters, direction, partner);
                for (int e = 0; e < column.Length; e++)
                {
                    int o1 = firstElement1 + e;
                    if (s1.D[o1] == s2.D[o2] && s1.C[o1] == s2.C[o2])
                        result[layout.Offset(s1.D[o1], s1.F[o1], s2.F[o2])] += column.Data[e];
                }
            }
        }
    }
}
