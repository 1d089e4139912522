using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

[Collection(EngineCollection.Name)]
public sealed class SmokeTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Generated_members_exist()
    {
        Assert.True(Models.SmokeMlp.Info.IsGenerated, Models.SmokeMlp.Info.FallbackReason);
        var x = Tensor<float>.FromFunction(new[] { 5, 8 }, i => MathF.Sin(i * 0.37f));
        var fused = Models.SmokeMlp.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var runtime = Models.SmokeMlp.Network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 25; i++)
        {
            Assert.Equal(runtime.Nngp!.Data[i], fused.Nngp!.Data[i], 1e-5f);
            Assert.Equal(runtime.Ntk!.Data[i], fused.Ntk!.Data[i], 1e-5f);
        }
    }
}
