using NeuralTangents;
using NeuralTangents.Rules;

namespace NeuralTangents.Tests.Validation;

/// <summary>
/// The dropped-border rule (NT0010) against the finite layers: the positions it names are exactly those whose
/// values do not reach the output of a strided VALID Conv or pool.
/// </summary>
public sealed class WindowCoverageTests
{
    /// <summary>The input positions (1-d) whose change leaves the output unchanged (strides up to the window leave no gaps between windows).</summary>
    private static List<int> Unread(ILayer layer, int size)
    {
        var shape = new[] { -1, size, 1 };
        var parameters = layer.Init<double>(new PrngKey(3), shape);
        var x = new Tensor<double>(Enumerable.Range(0, size).Select(i => 0.1 * i + 1).ToArray(), 1, size, 1);
        var baseline = layer.Apply(parameters, x);
        var unread = new List<int>();
        for (int p = 0; p < size; p++)
        {
            var moved = new Tensor<double>((double[])x.Data.Clone(), x.Shape);
            moved.Data[p] += 1;
            if (layer.Apply(parameters, moved).Data.SequenceEqual(baseline.Data)) unread.Add(p);
        }
        return unread;
    }

    [Theory]
    [InlineData(8, 3, 2)]
    [InlineData(11, 4, 3)]
    [InlineData(10, 4, 3)]
    [InlineData(9, 3, 2)]
    [InlineData(7, 7, 3)]
    public void The_dropped_positions_are_the_ones_no_valid_window_reads(int size, int window, int stride)
    {
        int dropped = WindowCoverage.DroppedPositions(size, window, stride, SpatialPadding.Valid);
        var expected = Enumerable.Range(size - dropped, dropped).ToList();
        Assert.Equal(expected, Unread(Stax.Conv(2, new[] { window }, new[] { stride }), size));
        Assert.Equal(expected, Unread(Stax.SumPool(new[] { window }, new[] { stride }), size));
    }

    [Fact]
    public void The_warning_names_the_layer_the_axis_the_count_and_the_arithmetic()
    {
        var violation = WindowCoverage.DroppedBorder("AvgPool", new[] { -1, 28, 27, 3 }, new[] { 3, 3 }, new[] { 2, 2 }, SpatialPadding.Valid, "window");
        Assert.NotNull(violation);
        Assert.Equal(RuleIds.DroppedBorder, violation.Id);
        Assert.Equal("AvgPool: with VALID padding the window never covers the end of the input (-1, 28, 27, 3): spatial axis 0 loses its last 1 of 28 positions (28 − 3 = 25 is not a multiple of the stride 2). Those positions are ignored; use SAME padding, a stride that divides (input − window), or crop the input.",
            violation.Message);
    }

    [Theory]
    [InlineData(1, 28, 3, 2)]
    [InlineData(2, 28, 3, 2)]
    [InlineData(0, 27, 3, 2)]
    [InlineData(0, 2, 3, 2)]
    public void Same_circular_dividing_strides_and_windows_that_do_not_fit_give_no_warning(int padding, int size, int window, int stride) =>
        Assert.Null(WindowCoverage.DroppedBorder("Conv", new[] { -1, size, 1 }, new[] { window }, new[] { stride }, (SpatialPadding)padding, "filter"));
}
