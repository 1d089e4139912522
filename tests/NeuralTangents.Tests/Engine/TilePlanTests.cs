using NeuralTangents.Engine;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// Tiles that cannot be interrupted are planned small enough for a cancellation to take effect soon (issue 15 item 12):
/// a GPU's budget of tens of gigabytes no longer makes a 20 000² kernel one tile, and the bound never makes a plan fail.
/// </summary>
public sealed class TilePlanTests
{
    private const long GpuBudget = 40L << 30, GpuResponsive = 1L << 30, CpuResponsive = 16L << 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Responsive_bound_splits_a_kernel_the_budget_would_hold_in_one_tile(bool symmetric)
    {
        // Float, nngp and ntk: 12 bytes per entry; 20 000² entries need 4.8 GB, within the budget.
        var unbounded = TilePlan.Create(20000, 20000, 4, 2, 1, GpuBudget, forcedTile: null, symmetric);
        var bounded = TilePlan.Create(20000, 20000, 4, 2, 1, GpuBudget, forcedTile: null, symmetric, responsiveBytes: GpuResponsive);
        Assert.Equal(1, unbounded.TilesComputed);
        Assert.True(bounded.TileBytes <= GpuResponsive, bounded.ToString());
        Assert.True(bounded.TilesComputed >= 5, bounded.ToString());
        // The tiles still cover the kernel.
        Assert.True((long)bounded.RowTile * bounded.RowTiles >= 20000 && (long)bounded.ColTile * bounded.ColTiles >= 20000, bounded.ToString());
    }

    [Fact]
    public void Responsive_bound_keeps_at_least_one_pair_and_never_fails_the_plan()
    {
        // A bound below one entry's bytes (as a full spatial covariance of a pair can exceed 16 MiB): tiles of one pair, no exception.
        var plan = TilePlan.Create(10, 10, 4, 2, 1, 1L << 30, forcedTile: null, symmetric: false, responsiveBytes: 1);
        Assert.Equal((1, 1), (plan.RowTile, plan.ColTile));
        Assert.Equal(100, plan.TilesComputed);
    }

    [Fact]
    public void Responsive_bound_never_raises_the_budget()
    {
        var budget = TilePlan.Create(4000, 4000, 4, 2, 1, 12L * 1000 * 1000, forcedTile: null, symmetric: false, responsiveBytes: GpuResponsive);
        Assert.True(budget.TileBytes <= 12L * 1000 * 1000, budget.ToString());
    }

    [Fact]
    public void Cpu_accelerator_tiles_of_a_pointwise_network_hold_about_a_million_entries()
    {
        var plan = TilePlan.Create(6000, 6000, 4, 2, 1, 512L << 20, forcedTile: null, symmetric: false, responsiveBytes: CpuResponsive);
        Assert.InRange((long)plan.RowTile * plan.ColTile, 1L << 20, CpuResponsive / 12);
    }
}
