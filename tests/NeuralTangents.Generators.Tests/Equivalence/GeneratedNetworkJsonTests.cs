using NeuralTangents.Tests.Support;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The <c>Network</c> of every generated sample model has a JSON description that reads back into a network with equal
/// kernels, except FallbackNetwork, whose ElementwiseNumerical layer carries a delegate.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedNetworkJsonTests(CpuEngineFixture fixture)
{
    public static TheoryData<string> Describable => new(((IEnumerable<object[]>)SampleModels.Float32Names).Select(row => (string)row[0]).Where(name => name != "FallbackNetwork"));

    [Theory]
    [MemberData(nameof(Describable))]
    public void Generated_network_read_back_from_its_json_has_equal_kernels(string name)
    {
        var model = SampleModels.Float32(name);
        string json = model.Network.ToJson();
        var back = NetworkJson.FromJson(json);
        Assert.Equal(json, back.ToJson());
        var x = Tensor<float>.FromFunction([3, .. model.InputShape], i => MathF.Sin(0.37f * i + 0.1f));
        var expected = model.Network.KernelFn(x, options: fixture.Options);
        var actual = back.KernelFn(x, options: fixture.Options);
        Assert.Equal(expected.Nngp!.Data, actual.Nngp!.Data);
        Assert.Equal(expected.Ntk!.Data, actual.Ntk!.Data);
    }

    [Fact]
    public void Generated_network_with_a_delegate_layer_has_no_description()
    {
        var error = Assert.Throws<NotSupportedException>(() => SampleModels.Float32("FallbackNetwork").Network.ToJson());
        Assert.Contains("ElementwiseNumerical", error.Message);
    }
}
