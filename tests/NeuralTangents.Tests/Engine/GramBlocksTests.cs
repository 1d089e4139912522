using NeuralTangents.Engine;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// The input Gram blocks: parts of cells (small tiles) come from a cached cell, and must equal the same entries of
/// whole-cell requests whatever order the parts are asked in (issue 15 item 14); a cancelled token stops a long GEMM.
/// </summary>
public sealed class GramBlocksTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parts_of_cells_in_any_order_equal_the_whole_block(bool same)
    {
        // 1100 × 1030 items: two cell rows and two cell columns, the second of each partial.
        int n1 = 1100, n2 = same ? 1100 : 1030, d = 5;
        var x1 = TestInputs.Normal<double>(n1, d, 1);
        var x2 = same ? x1 : TestInputs.Normal<double>(n2, d, 2);
        var gram = new GramBlocks<double>(x1.Data, d, x2.Data, d, same);
        var whole = new double[(long)n1 * n2];
        gram.Cross(0, n1, 0, n2, whole);

        var random = new System.Random(7);
        for (int k = 0; k < 300; k++)
        {
            // Small blocks, some straddling cell boundaries, jumping between cells.
            int rows = random.Next(1, 40), cols = random.Next(1, 40);
            int r0 = random.Next(0, n1 - rows + 1), c0 = random.Next(0, n2 - cols + 1);
            var part = new double[rows * cols];
            gram.Cross(r0, rows, c0, cols, part);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    Assert.Equal(whole[(long)(r0 + r) * n2 + c0 + c], part[r * cols + c]);
        }
    }

    [Fact]
    public void Cancelled_token_stops_before_the_first_cell()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var x = TestInputs.Normal<float>(20, 3, 1);
        var gram = new GramBlocks<float>(x.Data, 3, x.Data, 3, sameInputs: true, source.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => gram.Cross(0, 20, 0, 20, new float[400]));
    }
}
