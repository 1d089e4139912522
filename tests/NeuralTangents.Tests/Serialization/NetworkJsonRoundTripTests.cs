using System.Reflection;
using NeuralTangents.Layers;
using NeuralTangents.Serialization;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Serialization;

[Collection(EngineCollection.Name)]
public sealed class NetworkJsonRoundTripTests(CpuEngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(NetworkJsonCases.Names), MemberType = typeof(NetworkJsonCases))]
    public void Network_read_back_from_its_json_has_the_same_description_and_equal_kernels(string name)
    {
        var (network, input) = NetworkJsonCases.All[name];
        string json = network.ToJson();
        var back = NetworkJson.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(network.Name, back.Name);
        var x1 = Tensor<double>.FromFunction(input, i => Math.Sin(0.7 * i + 0.3));
        var shape2 = (int[])input.Clone();
        shape2[0] = 2;
        var x2 = Tensor<double>.FromFunction(shape2, i => Math.Cos(1.1 * i));
        var expected = network.KernelFn(x1, x2, options: fixture.Options);
        var actual = back.KernelFn(x1, x2, options: fixture.Options);
        Assert.Equal(expected.Nngp!.Data, actual.Nngp!.Data);
        Assert.Equal(expected.Ntk!.Data, actual.Ntk!.Data);
    }

    [Fact]
    public void Cases_cover_every_stax_factory_overload_that_takes_no_delegate()
    {
        var covered = new HashSet<MethodInfo>();
        void Walk(ILayer layer)
        {
            var call = ((LayerBase)layer).Call!;
            covered.Add(StaxFactories.Resolve(call));
            foreach (var argument in call.Arguments)
            {
                if (argument is ILayer child) Walk(child);
                if (argument is ILayer[] children) foreach (var c in children) Walk(c);
            }
        }
        foreach (var (network, _) in NetworkJsonCases.All.Values) Walk(network);
        var factories = typeof(Stax).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(ILayer))
            .Where(m => !m.GetParameters().Any(p => typeof(Delegate).IsAssignableFrom(p.ParameterType) && !p.HasDefaultValue));
        Assert.Empty(factories.Where(m => !covered.Contains(m)).Select(m => m.ToString()));
    }

    [Fact]
    public void Every_factory_records_one_argument_per_parameter_of_the_overload_it_is()
    {
        foreach (var (network, _) in NetworkJsonCases.All.Values)
        {
            var call = ((LayerBase)network).Call!;
            Assert.Equal(StaxFactories.Resolve(call).GetParameters().Length, call.Arguments.Length);
        }
    }

    [Fact]
    public void Json_uses_stax_names_and_writes_every_argument_by_its_parameter_name()
    {
        string json = Stax.Serial(Stax.Dense(8, wStd: 1.5), Stax.SigmoidLike(), Stax.Repeat(2, Stax.Relu())).ToJson(new NetworkJsonOptions { Indented = false });
        Assert.Equal("""{"layer":"serial","layers":[{"layer":"Dense","outDim":8,"wStd":1.5,"bStd":null,"parameterization":"Ntk","widthScaleIn":1,"widthScaleOut":1},""" +
            """{"layer":"Sigmoid_like"},{"layer":"repeat","count":2,"block":{"layer":"Relu"}}]}""", json);
    }

    [Fact]
    public void Missing_optional_arguments_take_the_factory_defaults_and_enum_names_ignore_case()
    {
        var read = NetworkJson.FromJson("""{"layer": "Conv", "outChannels": 4, "filter": [3, 3], "padding": "SAME", "parameterization": "ntk"}""");
        Assert.Equal(Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same).ToJson(), read.ToJson());
    }

    [Fact]
    public void Arrays_passed_to_a_factory_are_recorded_as_they_were_at_the_call()
    {
        var filter = new[] { 3, 3 };
        var conv = Stax.Conv(4, filter);
        filter[0] = 5;
        Assert.Contains("\"filter\": [\n    3,\n    3\n  ]", conv.ToJson().Replace("\r", ""));
    }
}
