using NeuralTangents.Engine.DevicePlan;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.DevicePlan;

/// <summary>
/// The device plan's buffer pool keeps one tile's buffers for the next tile, and no more: when the sizes change (the
/// variance runs' batches, then the tiles, a narrower last tile), the buffers it keeps and those in use together stay
/// within its cap, so that the device holds about one tile's working memory, not two.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DeviceBufferPoolTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Kept_and_rented_buffers_stay_within_the_cap_when_the_sizes_change()
    {
        using var pool = new DeviceBufferPool<double>(fixture.Engine, capBytes: 8 * 1000);
        var first = pool.Rent(600);
        var second = pool.Rent(300);
        pool.Return(first);
        pool.Return(second);
        Assert.Equal(8 * 900, pool.HeldBytes);
        // The next batch has other sizes: the kept buffers that do not fit beside it are freed.
        var third = pool.Rent(500);
        var fourth = pool.Rent(300);
        Assert.True(pool.HeldBytes <= 8 * 1000, $"the pool holds {pool.HeldBytes} bytes, over its cap of 8 000");
        pool.Return(third);
        pool.Return(fourth);
        // The same sizes again are served from the pool.
        Assert.Same(third, pool.Rent(500));
    }
}
