using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Emit;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests.Validation;

/// <summary>
/// GlobalSelfAttention in the architecture model: both declaration forms give the same node; the model agrees with
/// the runtime built from the same expression on the name, the covariance (full), the memory per pair, the parameter
/// count and rule violations; the emitted factory call builds the same network (same name, parameters and kernel).
/// </summary>
[Collection(NeuralTangents.Tests.Support.EngineCollection.Name)]
public sealed class AttentionValidationTests(NeuralTangents.Tests.Support.CpuEngineFixture fixture)
{
    public static TheoryData<string, int[]> Networks => new()
    {
        { "Stax.Serial(Stax.Dense(4), Stax.GlobalSelfAttention(3, 4, 2, 2, bStd: 0.1), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(2))", new[] { 5, 2 } },
        { "Stax.Serial(Stax.Conv(3, new[] { 2, 2 }), Stax.GlobalSelfAttention(2, 3, 3, 1, linearScaling: false, wQueryStd: 1.5, " +
            "attentionMechanism: AttentionMechanism.Identity, posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 2, valPosEmb: true), Stax.Flatten(), Stax.Dense(1))",
            new[] { 4, 4, 2 } },
        { "Stax.Serial(Stax.GlobalSelfAttention(2, 3, 3, 2, attentionMechanism: AttentionMechanism.Relu, posEmbType: PositionalEmbedding.Sum, wPosEmbStd: 0.5), " +
            "Stax.GlobalSumPool())", new[] { 3, 2 } },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Model_agrees_with_the_runtime_on_names_covariance_memory_and_parameters(string expression, int[] itemShape)
    {
        var root = Parse(expression, out var diagnostics);
        Assert.Empty(diagnostics);
        var runtime = RuntimeNetworks.Build(expression);
        Assert.Equal(runtime.Name, NodeNames.Of(root!));
        var validation = ArchitectureValidator.Validate(root!, itemShape);
        Assert.Null(validation.Violation);
        var attention = validation.Layers.Single(l => l.Name.StartsWith("GlobalSelfAttention", StringComparison.Ordinal));
        Assert.Equal("Full", attention.Covariance.ToString());
        var shape = new[] { -1 }.Concat(itemShape).ToArray();
        var plan = KernelPlanInfo.For<double>(runtime, shape, n1: 4);
        Assert.Equal(plan.BytesPerPair, validation.Memory!.BytesPerPair(sizeof(double), 2));
        Assert.Equal(runtime.Init<double>(new PrngKey(1), shape).Count, validation.Layers.Sum(l => l.ParameterCount));
    }

    /// <summary>The emitted factory call, compiled, is the same network: same name, same parameters from a key, same kernel.</summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void Emitted_factory_call_builds_the_same_network(string expression, int[] itemShape)
    {
        var root = Parse(expression, out _);
        var writer = new SourceWriter();
        StaxExpressionEmitter.Write(writer, root!, "", "");
        var emitted = RuntimeNetworks.Build(writer.ToString());
        var original = RuntimeNetworks.Build(expression);
        Assert.Equal(original.Name, emitted.Name);
        var shape = new[] { -1 }.Concat(itemShape).ToArray();
        var p1 = ParameterLeaves(original.Init<double>(new PrngKey(2), shape));
        var p2 = ParameterLeaves(emitted.Init<double>(new PrngKey(2), shape));
        Assert.Equal(p1, p2);
        var x = Tensor.FromArray(Enumerable.Range(0, 3 * itemShape.Aggregate(1, (a, b) => a * b)).Select(i => Math.Sin(0.7 * i + 0.3)).ToArray(),
            new[] { 3 }.Concat(itemShape).ToArray());
        bool kernel = !expression.Contains("linearScaling: false", StringComparison.Ordinal) || expression.Contains("Identity", StringComparison.Ordinal);
        if (!kernel) return;
        var k1 = original.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var k2 = emitted.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        Assert.Equal(k1.Nngp!.Data, k2.Nngp!.Data);
        Assert.Equal(k1.Ntk!.Data, k2.Ntk!.Data);
    }

    [Theory]
    [InlineData("Stax.Serial(Stax.GlobalSelfAttention(2, 3, 3, 1), Stax.Flatten())", new[] { 4 })]
    [InlineData("Stax.Serial(Stax.GlobalSelfAttention(2, 3, 3, 1, posEmbType: PositionalEmbedding.Sum, nChanPosEmb: 5), Stax.Flatten())", new[] { 4, 2 })]
    [InlineData("Stax.Serial(Stax.GlobalSelfAttention(0, 3, 3, 1), Stax.Flatten())", new[] { 4, 2 })]
    public void Violations_have_the_runtime_id_and_message(string expression, int[] itemShape) =>
        ExpressionValidation.AssertViolationMatchesRuntime(expression, itemShape);

    [Fact]
    public void Sqrt_scaling_with_softmax_is_a_kernel_only_violation()
    {
        var root = Parse("Stax.Serial(Stax.GlobalSelfAttention(2, 3, 3, 1, linearScaling: false), Stax.GlobalAvgPool())", out var diagnostics);
        Assert.Empty(diagnostics);
        var validation = ArchitectureValidator.Validate(root!, new[] { 4, 2 });
        Assert.NotNull(validation.Violation);
        Assert.True(validation.KernelOnly);
        Assert.Equal("NT0007", validation.Violation!.Id);
    }

    [Fact]
    public void Attribute_stack_and_fluent_form_read_attention_alike_and_a_decay_function_falls_back_to_the_runtime()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", """
            using NeuralTangents;
            namespace Sample;
            [Network(InputShape = new[] { 3, 4, 2 })]
            [Conv(3, new[] { 1, 1 })] [GlobalSelfAttention(4, 8, 4, 2, BStd = 0.1, AttentionMechanism = AttentionMechanism.Abs, PosEmbType = PositionalEmbedding.Concat, NChanPosEmb = 3)]
            [GlobalAvgPool] [Dense(2)]
            public static partial class A { }
            [Network(InputShape = new[] { 3, 4, 2 })]
            public static partial class B
            {
                static ILayer Architecture => Stax.Serial(Stax.Conv(3, new[] { 1, 1 }),
                    Stax.GlobalSelfAttention(4, 8, 4, 2, bStd: 0.1, attentionMechanism: AttentionMechanism.Abs, posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 3),
                    Stax.GlobalAvgPool(), Stax.Dense(2));
            }
            [Network(InputShape = new[] { 3, 2 })]
            public static partial class C
            {
                static ILayer Architecture => Stax.Serial(Stax.GlobalSelfAttention(4, 8, 4, 2, posEmbType: PositionalEmbedding.Sum, posEmbDecayFn: d => 1 / (1 + d)),
                    Stax.GlobalAvgPool());
            }
            """));
        var a = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.A")!, compilation, CancellationToken.None);
        var b = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.B")!, compilation, CancellationToken.None);
        Assert.Empty(a.Diagnostics);
        Assert.Empty(b.Diagnostics);
        Assert.Equal(a.Root, b.Root);
        var node = Assert.IsType<GlobalSelfAttentionNode>(((SerialNode)a.Root!).Layers[1]);
        // The rules' enums exist in both the generator and the runtime assembly here, so they are compared by name.
        Assert.Equal((4, 8, 4, 2, true, 0.1, "Abs", "Concat", 2.0, 3, 1.0, false),
            (node.OutChannels, node.KeyChannels, node.ValueChannels, node.Heads, node.LinearScaling, node.BStd, node.Mechanism.ToString(),
                node.PositionalEmbedding.ToString(), node.PosEmbPNorm, node.PosEmbChannels, node.WPosEmbStd, node.ValuePosEmb));
        var c = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.C")!, compilation, CancellationToken.None);
        Assert.Null(c.Root);
        Assert.NotEmpty(c.Diagnostics);
    }

    private static double[] ParameterLeaves(Parameters<double> parameters) => parameters.Leaves().SelectMany(t => t.Data).ToArray();

    private static LayerNode? Parse(string expression, out EquatableArray<DiagnosticInfo> diagnostics) => ExpressionValidation.Parse(expression, out diagnostics);
}
