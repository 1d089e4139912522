namespace NeuralTangents.Distributed.Tests;

/// <summary>The inputs a worker keeps between jobs: by precision and hash, within a byte budget, least recently used dropped first.</summary>
public sealed class InputCacheTests
{
    private static readonly InputRef A = Input('a', 2, 5), B = Input('b', 2, 5), C = Input('c', 2, 5);

    private static InputRef Input(char hash, params int[] shape) => new(shape, 4L * shape.Aggregate(1, (p, d) => p * d), new string(hash, 64));

    [Fact]
    public void Least_recently_used_inputs_make_room_for_new_ones()
    {
        var cache = new InputCache(capacity: 100);
        object a = "tensor a", b = "tensor b", c = "tensor c";
        cache.Add(KernelPrecision.Float32, A, a);
        cache.Add(KernelPrecision.Float32, B, b);
        Assert.Same(a, cache.Find(KernelPrecision.Float32, A)); // a is now the most recently used

        cache.Add(KernelPrecision.Float32, C, c);

        Assert.Same(a, cache.Find(KernelPrecision.Float32, A));
        Assert.Null(cache.Find(KernelPrecision.Float32, B));
        Assert.Same(c, cache.Find(KernelPrecision.Float32, C));
        Assert.Equal(80, cache.Bytes);
    }

    [Fact]
    public void Same_bytes_under_another_shape_or_precision_are_another_input_and_one_larger_than_the_budget_is_not_kept()
    {
        var cache = new InputCache(capacity: 100);
        cache.Add(KernelPrecision.Float32, A, "float");
        cache.Add(KernelPrecision.Float64, Input('d', 26), "huge");

        // The hash of an (N, 784) input is that of the same bytes as (N, 28, 28, 1): the tensor's shape differs.
        Assert.Null(cache.Find(KernelPrecision.Float32, Input('a', 2, 5, 1)));
        Assert.Null(cache.Find(KernelPrecision.Float64, A));
        Assert.Null(cache.Find(KernelPrecision.Float64, Input('d', 26)));
        Assert.Equal("float", cache.Find(KernelPrecision.Float32, A));
        Assert.Equal(40, cache.Bytes);
    }
}
