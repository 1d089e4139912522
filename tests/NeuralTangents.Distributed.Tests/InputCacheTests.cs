namespace NeuralTangents.Distributed.Tests;

/// <summary>The inputs a worker keeps between jobs: by precision and hash, within a byte budget, least recently used dropped first.</summary>
public sealed class InputCacheTests
{
    private static readonly string A = new('a', 64), B = new('b', 64), C = new('c', 64);

    [Fact]
    public void Least_recently_used_inputs_make_room_for_new_ones()
    {
        var cache = new InputCache(capacity: 100);
        object a = "tensor a", b = "tensor b", c = "tensor c";
        cache.Add(KernelPrecision.Float32, A, a, 40);
        cache.Add(KernelPrecision.Float32, B, b, 40);
        Assert.Same(a, cache.Find(KernelPrecision.Float32, A)); // a is now the most recently used

        cache.Add(KernelPrecision.Float32, C, c, 40);

        Assert.Same(a, cache.Find(KernelPrecision.Float32, A));
        Assert.Null(cache.Find(KernelPrecision.Float32, B));
        Assert.Same(c, cache.Find(KernelPrecision.Float32, C));
        Assert.Equal(80, cache.Bytes);
    }

    [Fact]
    public void Same_bytes_in_the_other_precision_are_another_input_and_one_larger_than_the_budget_is_not_kept()
    {
        var cache = new InputCache(capacity: 100);
        cache.Add(KernelPrecision.Float32, A, "float", 40);
        cache.Add(KernelPrecision.Float64, B, "huge", 101);

        Assert.Null(cache.Find(KernelPrecision.Float64, A));
        Assert.Null(cache.Find(KernelPrecision.Float64, B));
        Assert.Equal(40, cache.Bytes);
    }
}
