using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The directed, weighted edges of one graph per input item, for <see cref="Stax.Aggregate"/> (Neural Tangents'
/// <c>pattern</c> argument). Vertices are the positions of the aggregated spatial axes (X1, …, XK), and
/// A[n, i, j] is the weight of the edge from tail i to head j in item n: Aggregate replaces every vertex j by
/// y_j = Σ_i A[n, i, j]·x_i, the weighted sum of its predecessors.
/// </summary>
/// <remarks>
/// <see cref="Dense{T}"/> takes the adjacency tensor (batch, X1…XK, X1…XK) (Neural Tangents' DENSE
/// implementation); <see cref="Sparse"/> takes edge lists (batch, edges, K, 2) of tail and head coordinates, each
/// edge of weight 1, repeated edges adding up and edges with a negative coordinate ignored (padding), as Neural
/// Tangents' SPARSE implementation does. Both give the same layer; the sparse form is expanded to the item's
/// V × V matrix when used (V = X1·…·XK).
/// </remarks>
public sealed class GraphPattern
{
    private readonly double[]? _dense;
    private readonly int[]? _edges;
    private readonly int _edgeCount;

    private GraphPattern(int items, int[]? vertexShape, int aggregatedAxes, double[]? dense, int[]? edges, int edgeCount)
    {
        Items = items;
        _vertexShape = vertexShape;
        AggregatedAxes = aggregatedAxes;
        _dense = dense;
        _edges = edges;
        _edgeCount = edgeCount;
    }

    private readonly int[]? _vertexShape;

    /// <summary>The number of items (graphs), one per input item.</summary>
    public int Items { get; }

    /// <summary>K: the number of spatial axes whose positions are the vertices.</summary>
    public int AggregatedAxes { get; }

    /// <summary>Whether the pattern was given as edge lists (<see cref="Sparse"/>).</summary>
    public bool IsSparse => _edges is not null;

    /// <summary>
    /// A pattern from dense adjacency tensors of shape (batch, X1, …, XK, X1, …, XK): entry [n, i…, j…] is the weight
    /// of the edge from tail position i to head position j in item n.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not (batch, X…, X…) with an even number ≥ 2 of axes after the batch, or a weight is not finite.</exception>
    public static GraphPattern Dense<T>(Tensor<T> adjacency) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        int rank = adjacency.Rank;
        if (rank < 3 || (rank - 1) % 2 != 0)
            throw new ArgumentException(
                $"adjacency must have shape (batch, X1…XK, X1…XK) with the vertex axes repeated, got {adjacency.ShapeText}.", nameof(adjacency));
        int k = (rank - 1) / 2;
        var shape = adjacency.Shape;
        for (int a = 0; a < k; a++)
            if (shape[1 + a] != shape[1 + k + a])
                throw new ArgumentException(
                    $"adjacency must have shape (batch, X1…XK, X1…XK) with the vertex axes repeated, got {adjacency.ShapeText} (axis {1 + a} is {shape[1 + a]}, axis {1 + k + a} is {shape[1 + k + a]}).", nameof(adjacency));
        var values = new double[adjacency.Length];
        for (int e = 0; e < values.Length; e++)
        {
            values[e] = double.CreateTruncating(adjacency.Data[e]);
            if (!double.IsFinite(values[e]))
                throw new ArgumentException($"adjacency must hold finite weights; entry {e} (flat) is {values[e]}.", nameof(adjacency));
        }
        return new GraphPattern(shape[0], shape[1..(1 + k)], k, values, null, 0);
    }

    /// <summary>
    /// A pattern from edge lists: <paramref name="edges"/> holds, row-major in <paramref name="shape"/> = (batch, edges, K, 2)
    /// (or (batch, edges, 2) when K = 1), the tail and head coordinates of each edge. Every edge has weight 1; repeated
    /// edges add up; an edge with any negative coordinate is ignored (padding for items with fewer edges).
    /// </summary>
    /// <exception cref="ArgumentException">The shape is not (batch, edges, K, 2) or (batch, edges, 2), or does not match the number of values.</exception>
    public static GraphPattern Sparse(int[] edges, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is not (3 or 4) || shape[^1] != 2 || shape.Any(d => d < 0))
            throw new ArgumentException(
                $"shape must be (batch, edges, K, 2) or (batch, edges, 2): tail and head along the last axis; got {Rules.Shapes.Format(shape)}.", nameof(shape));
        int k = shape.Length == 4 ? shape[2] : 1;
        if (k < 1) throw new ArgumentException($"shape must give at least one vertex coordinate per edge (K ≥ 1), got {Rules.Shapes.Format(shape)}.", nameof(shape));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != edges.Length)
            throw new ArgumentException($"edges holds {edges.Length} values but shape {Rules.Shapes.Format(shape)} needs {count}.", nameof(edges));
        return new GraphPattern(shape[0], null, k, null, (int[])edges.Clone(), shape[1]);
    }

    /// <summary>
    /// The V × V adjacency of item <paramref name="item"/> (row = tail, column = head) over the vertex grid
    /// <paramref name="vertexShape"/> (the aggregated axes' sizes of the layer's input).
    /// </summary>
    internal double[] Matrix(int item, int[] vertexShape, string argument)
    {
        int v = vertexShape.Aggregate(1, (a, b) => a * b);
        var matrix = new double[(long)v * v];
        if (_dense is not null)
        {
            if (!_vertexShape!.SequenceEqual(vertexShape))
                throw new ArgumentException(
                    $"{argument}: the adjacency's vertex axes are {Rules.Shapes.Format(_vertexShape!)} but Aggregate's input has aggregated axes of sizes {Rules.Shapes.Format(vertexShape)}.", argument);
            Array.Copy(_dense, (long)item * v * v, matrix, 0, (long)v * v);
            return matrix;
        }
        int k = AggregatedAxes;
        if (k != vertexShape.Length)
            throw new ArgumentException(
                $"{argument}: the edges have {k} coordinate(s) per vertex but Aggregate aggregates {vertexShape.Length} axis/axes (sizes {Rules.Shapes.Format(vertexShape)}).", argument);
        int stride = k * 2;
        for (int e = 0; e < _edgeCount; e++)
        {
            int offset = (item * _edgeCount + e) * stride;
            int tail = 0, head = 0;
            bool padding = false;
            for (int a = 0; a < k; a++)
            {
                int t = _edges![offset + a * 2], h = _edges[offset + a * 2 + 1];
                if (t < 0 || h < 0)
                {
                    padding = true;
                    break;
                }
                if (t >= vertexShape[a] || h >= vertexShape[a])
                    throw new ArgumentException(
                        $"{argument}: edge {e} of item {item} has coordinate {Math.Max(t, h)} on aggregated axis {a}, which has size {vertexShape[a]} (negative coordinates mark padding).", argument);
                tail = tail * vertexShape[a] + t;
                head = head * vertexShape[a] + h;
            }
            if (!padding) matrix[(long)tail * v + head] += 1;
        }
        return matrix;
    }

    /// <summary>Whether both patterns describe the same graphs (so that a self-kernel may be mirrored).</summary>
    internal bool SameGraphs(GraphPattern other) =>
        ReferenceEquals(this, other)
        || Items == other.Items && AggregatedAxes == other.AggregatedAxes && _edgeCount == other._edgeCount
           && (_dense is null ? other._dense is null && _edges!.AsSpan().SequenceEqual(other._edges)
                              : other._dense is not null && _vertexShape!.SequenceEqual(other._vertexShape!) && _dense.AsSpan().SequenceEqual(other._dense));
}
