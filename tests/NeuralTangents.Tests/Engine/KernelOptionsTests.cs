using NeuralTangents;

namespace NeuralTangents.Tests.Engine;

/// <summary>Options are checked where they are set: a meaningless size is an argument error naming the option, not a later memory error.</summary>
public sealed class KernelOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Tile_size_that_is_not_positive_is_rejected_naming_the_option(int tileSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KernelOptions { TileSize = tileSize });
        Assert.Equal("TileSize", error.ParamName);
        Assert.Equal((long)tileSize, error.ActualValue);
        Assert.Contains("must be positive", error.Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Memory_budget_that_is_not_positive_is_rejected_naming_the_option(long bytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KernelOptions.Default with { MemoryBudgetBytes = bytes });
        Assert.Equal("MemoryBudgetBytes", error.ParamName);
        Assert.Contains($"got {bytes}", error.Message);
    }

    [Fact]
    public void Result_limit_that_is_negative_is_rejected_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KernelOptions { MaxResultBytes = -8 });
        Assert.Equal("MaxResultBytes", error.ParamName);
    }

    [Fact]
    public void Null_and_positive_values_are_kept()
    {
        var options = new KernelOptions { TileSize = 1, MemoryBudgetBytes = 1, MaxResultBytes = 1 } with { TileSize = null };
        Assert.Null(options.TileSize);
        Assert.Equal(1, options.MemoryBudgetBytes);
        Assert.Equal(1, options.MaxResultBytes);
    }
}
