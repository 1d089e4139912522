using NeuralTangents;
using NeuralTangents.Tests.Layers.Spatial;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Graphs;

/// <summary>
/// Aggregate (graph message passing): the finite layer against the definition y_j = Σ_i A[i, j]·x_i, dense and
/// sparse patterns against each other, the kernel against Monte Carlo averages of the same finite networks (the
/// nonlinearity sees Gaussian inputs and only linear layers follow it, so small widths suffice), and bad input.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AggregateTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    /// <summary>Edges (tail, head) of three graphs on 4 vertices, padded to 5 edges with −1; item 1 repeats an edge.</summary>
    private static readonly int[] Edges =
    {
        0, 1, 1, 2, 2, 3, 3, 0, -1, -1,
        0, 0, 0, 2, 0, 2, 3, 1, 1, -1,
        2, 1, 1, 2, 3, 3, -1, 0, 0, 3,
    };

    private static GraphPattern SparseGraphs() => GraphPattern.Sparse(Edges.ToArray(), 3, 5, 2);

    /// <summary>The same graphs as a dense (3, 4, 4) adjacency: repeated edges add, padding is dropped.</summary>
    private static GraphPattern DenseGraphs() => GraphPattern.Dense(Adjacency());

    private static Tensor<double> Adjacency()
    {
        var a = Tensor<double>.Zeros(3, 4, 4);
        for (int n = 0; n < 3; n++)
            for (int e = 0; e < 5; e++)
            {
                int tail = Edges[(n * 5 + e) * 2], head = Edges[(n * 5 + e) * 2 + 1];
                if (tail >= 0 && head >= 0) a[n, tail, head] += 1;
            }
        return a;
    }

    private static ILayer GraphNetwork() => Stax.Serial(
        Stax.Aggregate(), Stax.Dense(12, 1.3, 0.2), Stax.Relu(), Stax.Aggregate(), Stax.Dense(5, 1.1, 0.1), Stax.GlobalAvgPool(), Stax.Dense(3, 1.0, 0.1));

    [Fact]
    public void Apply_sums_each_vertex_predecessors_with_their_weights()
    {
        var x = SpatialMonteCarlo.Images(81, 3, 4, 2);
        var a = Tensor<double>.FromFunction(new[] { 3, 4, 4 }, i => (i % 5) * 0.5 - 0.7);
        var layer = Stax.Aggregate();
        var y = layer.Apply(layer.Init<double>(new PrngKey(1), new[] { -1, 4, 2 }), x, GraphPattern.Dense(a));
        for (int n = 0; n < 3; n++)
            for (int j = 0; j < 4; j++)
                for (int c = 0; c < 2; c++)
                {
                    double expected = 0;
                    for (int i = 0; i < 4; i++) expected += a[n, i, j] * x[n, i, c];
                    Assert.Equal(expected, y[n, j, c], 12);
                }
        // No pattern: the identity, as in Neural Tangents.
        Assert.Equal(x.Data, layer.Apply(layer.Init<double>(new PrngKey(1), new[] { -1, 4, 2 }), x).Data);
    }

    [Fact]
    public void Sparse_edges_with_repeats_and_padding_equal_the_dense_adjacency()
    {
        var x = SpatialMonteCarlo.Images(82, 3, 4, 2);
        var layer = Stax.Aggregate();
        var parameters = layer.Init<double>(new PrngKey(1), new[] { -1, 4, 2 });
        Assert.Equal(layer.Apply(parameters, x, DenseGraphs()).Data, layer.Apply(parameters, x, SparseGraphs()).Data);

        var network = GraphNetwork();
        var dense = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { Pattern1 = DenseGraphs() });
        var sparse = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { Pattern1 = SparseGraphs(), Pattern2 = SparseGraphs() });
        Assert.Equal(dense.Nngp!.Data, sparse.Nngp!.Data);
        Assert.Equal(dense.Ntk!.Data, sparse.Ntk!.Data);
    }

    [Fact]
    public void Graph_network_self_kernel_matches_monte_carlo()
    {
        var x = SpatialMonteCarlo.Images(83, 3, 4, 2);
        var network = GraphNetwork();
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { Pattern1 = SparseGraphs() });
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(85), Samples).Compute(x, pattern1: SparseGraphs());
        SpatialMonteCarlo.AssertMatches(exact, mc, 3, 3);
        // Aggregation changes the kernel: without the graphs it is another one.
        var plain = network.KernelFn(x, null, KernelOutputs.Nngp, fixture.Options);
        Assert.True(Math.Abs(plain.Nngp![0, 1] - exact.Nngp![0, 1]) > 1e-3);
    }

    [Fact]
    public void Graph_network_cross_kernel_with_different_graphs_matches_monte_carlo()
    {
        var x1 = SpatialMonteCarlo.Images(86, 3, 4, 2);
        var x2 = SpatialMonteCarlo.Images(87, 2, 4, 2);
        var adjacency2 = Tensor<double>.FromFunction(new[] { 2, 4, 4 }, i => (i * 7 % 3) * 0.6 - 0.3);
        var network = GraphNetwork();
        var options = fixture.Options with { Pattern1 = DenseGraphs(), Pattern2 = GraphPattern.Dense(adjacency2) };
        var exact = network.KernelFn(x1, x2, KernelOutputs.Both, options);
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(88), Samples).Compute(x1, x2, pattern1: DenseGraphs(), pattern2: GraphPattern.Dense(adjacency2));
        SpatialMonteCarlo.AssertMatches(exact, mc, 3, 2);
    }

    [Fact]
    public void Same_inputs_with_different_graphs_are_not_mirrored()
    {
        var x = SpatialMonteCarlo.Images(89, 3, 4, 2);
        var network = GraphNetwork();
        var reversed = GraphPattern.Sparse(Reversed(), 3, 5, 2);
        var kernel = network.KernelFn(x, x, KernelOutputs.Nngp, fixture.Options with { Pattern1 = SparseGraphs(), Pattern2 = reversed, TileSize = 1 });
        var bySides = network.KernelFn(x.SliceRows(1, 1), x.SliceRows(0, 1), KernelOutputs.Nngp,
            fixture.Options with { Pattern1 = Item(Edges, 1), Pattern2 = Item(Reversed(), 0) });
        Assert.Equal(bySides.Nngp![0, 0], kernel.Nngp![1, 0], 12);
    }

    [Fact]
    public void Aggregating_one_of_two_spatial_axes_matches_monte_carlo()
    {
        // Vertices along axis 2 only: rows of axis 1 are separate copies of the same graph.
        var x = SpatialMonteCarlo.Images(90, 3, 2, 4, 2);
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 1 }, null, Padding.Circular, 1.3, 0.2), Stax.Relu(),
            Stax.Aggregate(new[] { 2 }), Stax.Conv(5, new[] { 1, 2 }, null, Padding.Same, 1.1, 0.1), Stax.GlobalAvgPool(), Stax.Dense(3));
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { Pattern1 = DenseGraphs() });
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(91), Samples).Compute(x, pattern1: DenseGraphs());
        SpatialMonteCarlo.AssertMatches(exact, mc, 3, 3);
    }

    [Fact]
    public void Bad_patterns_and_axes_are_rejected_with_clear_errors()
    {
        var x = SpatialMonteCarlo.Images(92, 3, 4, 2);
        var network = GraphNetwork();
        var oneSided = Assert.Throws<ArgumentException>(() => network.KernelFn(x, x, KernelOutputs.Nngp, fixture.Options with { Pattern1 = DenseGraphs() }));
        Assert.Contains("both", oneSided.Message);
        var items = Assert.Throws<ArgumentException>(() => network.KernelFn(x.SliceRows(0, 2), null, KernelOutputs.Nngp, fixture.Options with { Pattern1 = DenseGraphs() }));
        Assert.Contains("3 graph(s)", items.Message);
        var vertices = Assert.Throws<ArgumentException>(() => network.KernelFn(SpatialMonteCarlo.Images(93, 3, 5, 2), null, KernelOutputs.Nngp, fixture.Options with { Pattern1 = DenseGraphs() }));
        Assert.Contains("aggregated axes of sizes", vertices.Message);
        var outOfRange = Assert.Throws<ArgumentException>(() => network.KernelFn(SpatialMonteCarlo.Images(94, 3, 3, 2), null, KernelOutputs.Nngp, fixture.Options with { Pattern1 = SparseGraphs() }));
        Assert.Contains("size 3", outOfRange.Message);
        Assert.Throws<ArgumentException>(() => NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(1), 2).Compute(x, x, pattern1: DenseGraphs()));

        Assert.Throws<ArgumentException>(() => GraphPattern.Sparse(new int[6], 1, 3, 3));
        Assert.Throws<ArgumentException>(() => GraphPattern.Sparse(new int[5], 1, 3, 2));
        Assert.Throws<ArgumentException>(() => GraphPattern.Dense(Tensor<double>.Zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => GraphPattern.Dense(Tensor<double>.Zeros(2, 3)));

        Assert.Equal("NT0004", Assert.Throws<NetworkDefinitionException>(() => Stax.Aggregate(Array.Empty<int>())).RuleId);
        Assert.Equal("NT0004", Assert.Throws<NetworkDefinitionException>(() => Stax.Aggregate(new[] { 0 })).RuleId);
        Assert.Equal("NT0004", Assert.Throws<NetworkDefinitionException>(() => Stax.Aggregate(new[] { 1, 1 })).RuleId);
        var rank = Assert.Throws<NetworkDefinitionException>(() => Stax.Aggregate(new[] { 2 }).Init<double>(new PrngKey(1), new[] { -1, 4, 2 }));
        Assert.Contains("spatial axes 1 to 1", rank.Message);
        var flat = Assert.Throws<NetworkDefinitionException>(() => Stax.Aggregate().Init<double>(new PrngKey(1), new[] { -1, 4 }));
        Assert.Contains("rank at least 3", flat.Message);
    }

    /// <summary>Each graph of <see cref="Edges"/> transposed (every edge reversed).</summary>
    private static int[] Reversed() => Edges.Select((_, i) => Edges[i / 10 * 10 + 9 - i % 10]).ToArray();

    /// <summary>The graph of one item of a (3, 5, 2) edge list, as a pattern of one item.</summary>
    private static GraphPattern Item(int[] edges, int item) => GraphPattern.Sparse(edges[(item * 10)..(item * 10 + 10)], 1, 5, 2);
}
