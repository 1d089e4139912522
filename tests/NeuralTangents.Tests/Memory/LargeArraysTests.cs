using NeuralTangents.Memory;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Memory;

/// <summary>
/// Result arrays above the huge-page threshold (advised to the kernel with madvise on Linux): they hold what is
/// written, and a kernel that large equals its own blocks computed as small requests.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class LargeArraysTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Array_above_the_threshold_holds_every_value_written()
    {
        // 48 MiB, with a start that is not 2 MiB-aligned: the advice covers only whole huge pages inside the array.
        var array = LargeArrays.Uninitialized<float>(12_582_917);
        Assert.Equal(12_582_917, array.Length);
        for (int i = 0; i < array.Length; i++) array[i] = i % 65_521;
        GC.Collect();
        for (int i = 0; i < array.Length; i++)
            if (array[i] != i % 65_521) Assert.Fail($"entry {i} is {array[i]}, written {i % 65_521}");
    }

    [Fact]
    public void Kernel_above_the_threshold_equals_its_blocks()
    {
        // 3 000² float32 entries = 36 MB per kernel, above the 32 MiB threshold.
        var network = Stax.Serial(Stax.Dense(64, 1.4, 0.1), Stax.Relu(), Stax.Dense(1, 1.4, 0.1));
        var x = TestInputs.Normal<float>(3000, 6, 3);
        var whole = network.KernelFn(x, null, KernelOutputs.Nngp, fixture.Options).Nngp!;
        var rows = Tensor<float>.FromFunction(new[] { 7, 6 }, i => x.Data[2000 * 6 + i]);
        var block = network.KernelFn(rows, x, KernelOutputs.Nngp, fixture.Options).Nngp!;
        for (int r = 0; r < 7; r++)
            for (int c = 0; c < 3000; c++)
                Assert.Equal(block[r, c], whole[2000 + r, c], 1e-5f * Math.Max(1f, Math.Abs(whole[2000 + r, c])));
    }
}
