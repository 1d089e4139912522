namespace NeuralTangents.Tests.Serialization;

public sealed class NetworkJsonErrorTests
{
    private const string Fcn = """
        {"layer": "serial", "layers": [
          {"layer": "Dense", "outDim": 8, "wStd": 1.5},
          {"layer": "Relu"},
          {"layer": "Dense", "outDim": 8},
          {"layer": "Dense", "outDim": 1, "wStd": WSTD}
        ]}
        """;

    [Theory]
    [InlineData("-1", "$.layers[3].wStd", "NT0004")]
    [InlineData("\"big\"", "$.layers[3].wStd", "expected a finite number, found string \"big\"")]
    [InlineData("1e999", "$.layers[3].wStd", "expected a finite number")]
    [InlineData("null", "$.layers[3].wStd", "expected a finite number, found null")]
    public void Bad_hyperparameter_is_reported_at_its_json_path(string wStd, string path, string problem) =>
        AssertRejected(Fcn.Replace("WSTD", wStd), path, problem);

    [Theory]
    [InlineData("""{"layer": "Dense"}""", "$", "Dense needs the argument \"outDim\"")]
    [InlineData("""{"layer": "Dense", "outDim": 2, "w_std": 1}""", "$.w_std", "Dense has no argument \"w_std\"")]
    [InlineData("""{"layer": "Dense", "outDim": 2.5}""", "$.outDim", "expected an integer (32-bit), found number 2.5")]
    [InlineData("""{"layer": "Dense", "outDim": 2, "outDim": 3}""", "$.outDim", "appears twice")]
    [InlineData("""{"layer": "Dense", "outDim": 2, "parameterization": 1}""", "$.parameterization", "one of \"Ntk\", \"Standard\"")]
    [InlineData("""{"layer": "Dense", "outDim": 2, "parameterization": "Fancy"}""", "$.parameterization", "one of \"Ntk\", \"Standard\"")]
    [InlineData("""{"layer": "Softplus"}""", "$.layer", "unknown layer \"Softplus\"; expected one of")]
    [InlineData("""{"layer": "Serial", "layers": []}""", "$.layer", "unknown layer \"Serial\"")]
    [InlineData("""{"outDim": 2}""", "$.layer", "expected the layer's name as a string")]
    [InlineData("""[{"layer": "Relu"}]""", "$", "expected a layer object")]
    [InlineData("""{"layer": "serial", "layers": [{"layer": "Relu"}, 3]}""", "$.layers[1]", "expected a layer object")]
    [InlineData("""{"layer": "serial", "layers": []}""", "$.layers", "Serial needs at least one layer")]
    [InlineData("""{"layer": "serial", "layers": null}""", "$.layers", "serial rejects its arguments")]
    [InlineData("""{"layer": "Conv", "outChannels": 2, "filter": [3, "3"]}""", "$.filter[1]", "expected an integer")]
    [InlineData("""{"layer": "Monomial", "degree": 9}""", "$.degree", "degree must be between 0 and 5, got 9")]
    [InlineData("""{"layer": "FanOut", "count": 0}""", "$.count", "must be at least 1")]
    [InlineData("""{"layer": "DotGeneral", "matrix": [[1, 2], [3]], "axis": 1}""", "$.matrix[1]", "a row of 2 numbers")]
    [InlineData("""{"layer": "DotGeneral", "matrix": [[1]], "weights": [1], "axis": 1}""", "$", "fit 0 overloads")]
    [InlineData("""{"layer": "Index", "index": [":", {"start": 0, "step": 0}]}""", "$.index[1].step", "step must be nonzero")]
    [InlineData("""{"layer": "Index", "index": [":", {"begin": 0}]}""", "$.index[1].begin", "only \"start\", \"stop\" and \"step\"")]
    [InlineData("""{"layer": "ElementwiseNumerical", "degree": 10}""", "$", "takes a delegate (fn)")]
    [InlineData("""{"layer": "GlobalSelfAttention", "nChanOut": 2, "nChanKey": 2, "nChanVal": 2, "nHeads": 1, "posEmbDecayFn": "x => x"}""", "$", "takes a delegate")]
    [InlineData("""{"layer": "Dense", "outDim": 2,""", "$", "not valid JSON")]
    public void Malformed_node_is_reported_at_its_json_path(string json, string path, string problem) => AssertRejected(json, path, problem);

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_any_layer_is_built()
    {
        string json = string.Concat(Enumerable.Repeat("""{"layer": "serial", "layers": [""", 40)) + """{"layer": "Relu"}""" + string.Concat(Enumerable.Repeat("]}", 40));
        var error = Assert.Throws<NetworkJsonException>(() => NetworkJson.FromJson(json, new NetworkJsonOptions { MaxDepth = 64 }));
        Assert.Contains("depth 64", error.Message);
        Assert.NotNull(NetworkJson.FromJson(json, new NetworkJsonOptions { MaxDepth = 81 }));
    }

    [Fact]
    public void Description_longer_than_the_limit_is_refused()
    {
        string json = Stax.Dense(2).ToJson();
        var error = Assert.Throws<NetworkJsonException>(() => NetworkJson.FromJson(json, new NetworkJsonOptions { MaxLength = json.Length - 1 }));
        Assert.Contains($"{json.Length} characters, more than {json.Length - 1}", error.Message);
    }

    [Fact]
    public void Repeat_that_expands_past_the_layer_limit_is_refused_before_the_copies_are_made()
    {
        string json = """{"layer": "repeat", "count": 2000000000, "block": {"layer": "serial", "layers": [{"layer": "Dense", "outDim": 2}, {"layer": "Relu"}]}}""";
        var error = Assert.Throws<NetworkJsonException>(() => NetworkJson.FromJson(json));
        Assert.Equal("$.count", error.JsonPath);
        Assert.Contains("more than 100000", error.Message);
        Assert.NotNull(NetworkJson.FromJson(json.Replace("2000000000", "20000")));
    }

    [Fact]
    public void Layer_with_a_delegate_has_no_description_and_says_where_it_is()
    {
        var network = Stax.Serial(Stax.Dense(2), Stax.ElementwiseNumerical(Math.Tanh, 10));
        var error = Assert.Throws<NotSupportedException>(() => network.ToJson());
        Assert.Contains("$.layers[1].fn", error.Message);
        Assert.Contains("delegate", error.Message);
    }

    private static void AssertRejected(string json, string path, string problem)
    {
        var error = Assert.Throws<NetworkJsonException>(() => NetworkJson.FromJson(json));
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
