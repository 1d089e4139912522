using System.Numerics;

namespace NeuralTangents.Layers.Graphs;

/// <summary>
/// How the positions of an activation (batch, spatial…, channels) split into graph vertices (the aggregated axes)
/// and the other spatial axes, and the lift of a V × V adjacency A to the S × S map over all positions:
/// L[p, q] = A[vertex(p), vertex(q)] where p and q agree on the other axes, else 0. Aggregate is y = Lᵀ x per
/// channel, and its kernel Lᵀ Σ L.
/// </summary>
internal sealed class GraphGeometry
{
    private readonly int[] _vertexOf, _otherOf;

    private GraphGeometry(int positions, int[] vertexShape, int[] vertexOf, int[] otherOf)
    {
        Positions = positions;
        VertexShape = vertexShape;
        _vertexOf = vertexOf;
        _otherOf = otherOf;
    }

    /// <summary>S: the number of positions.</summary>
    public int Positions { get; }

    /// <summary>The sizes of the aggregated axes, in the order they were named.</summary>
    public int[] VertexShape { get; }

    /// <summary>The geometry for spatial sizes <paramref name="spatialDims"/> and aggregated axes (numbered from 1; null = all).</summary>
    public static GraphGeometry For(int[] spatialDims, int[]? aggregateAxes)
    {
        var aggregated = (aggregateAxes ?? Enumerable.Range(1, spatialDims.Length).ToArray()).Select(a => a - 1).ToArray();
        var others = Enumerable.Range(0, spatialDims.Length).Where(a => !aggregated.Contains(a)).ToArray();
        int positions = spatialDims.Aggregate(1, (a, b) => a * b);
        var vertexOf = new int[positions];
        var otherOf = new int[positions];
        var index = new int[spatialDims.Length];
        for (int p = 0; p < positions; p++)
        {
            int rest = p;
            for (int a = spatialDims.Length - 1; a >= 0; a--)
            {
                index[a] = rest % spatialDims[a];
                rest /= spatialDims[a];
            }
            int vertex = 0, other = 0;
            foreach (int a in aggregated) vertex = vertex * spatialDims[a] + index[a];
            foreach (int a in others) other = other * spatialDims[a] + index[a];
            vertexOf[p] = vertex;
            otherOf[p] = other;
        }
        return new GraphGeometry(positions, aggregated.Select(a => spatialDims[a]).ToArray(), vertexOf, otherOf);
    }

    /// <summary>The S × S lift of item <paramref name="item"/>'s adjacency (row = tail position, column = head position).</summary>
    public T[] Lift<T>(GraphPattern pattern, int item, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adjacency = pattern.Matrix(item, VertexShape, argument);
        int v = VertexShape.Aggregate(1, (a, b) => a * b), s = Positions;
        var lift = new T[(long)s * s];
        for (int p = 0; p < s; p++)
            for (int q = 0; q < s; q++)
                if (_otherOf[p] == _otherOf[q])
                    lift[(long)p * s + q] = T.CreateTruncating(adjacency[(long)_vertexOf[p] * v + _vertexOf[q]]);
        return lift;
    }
}
