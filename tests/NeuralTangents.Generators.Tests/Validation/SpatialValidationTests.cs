using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests.Validation;

/// <summary>
/// The architecture model of spatial networks agrees with the runtime built from the same expression: names,
/// parameter counts, the covariance form and the kernel memory per pair of items (KernelPlanInfo), and the same
/// rule violations.
/// </summary>
public sealed class SpatialValidationTests
{
    /// <summary>A Stax expression (compiled here for the runtime, parsed by the generator's parser) and the input shape of one item.</summary>
    public static TheoryData<string, int[]> Networks => new()
    {
        { "Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same, bStd: 0.1), Stax.Relu(), Stax.Conv(5, new[] { 3, 3 }, new[] { 2, 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(3))", new[] { 6, 6, 3 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Erf(), Stax.AvgPool(new[] { 2, 2 }, new[] { 2, 2 }, Padding.Same), Stax.Conv(3, new[] { 2, 2 }, padding: Padding.Circular), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(2, bStd: 0.2))", new[] { 6, 6, 3 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 3 }, padding: Padding.Same), Stax.FanOut(2), Stax.Parallel(Stax.Serial(Stax.Relu(), Stax.Conv(4, new[] { 3 }, padding: Padding.Same)), Stax.Conv(4, new[] { 1 })), Stax.FanInSum(), Stax.LayerNorm(new[] { 1, -1 }), Stax.GlobalSumPool(), Stax.Dense(2))", new[] { 7, 2 } },
        { "Stax.Serial(Stax.ConvLocal(3, new[] { 2, 2 }, bStd: 0.5), Stax.Relu(), Stax.Dropout(0.8), Stax.SumPool(new[] { 2, 2 }), Stax.Flatten(), Stax.Dense(2, parameterization: Parameterization.Standard))", new[] { 5, 5, 2 } },
        { "Stax.Serial(Stax.Dense(6), Stax.LayerNorm(), Stax.Dropout(0.9, DropoutMode.Test), Stax.Conv(2, new[] { 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1))", new[] { 4, 3 } },
        { "Stax.Serial(Stax.Flatten(), Stax.Dense(8), Stax.Relu(), Stax.Dense(1))", new[] { 4, 4, 2 } },
        { "Stax.Serial(Stax.ConvTranspose(4, new[] { 3, 2 }, new[] { 2, 2 }, Padding.Same, bStd: 0.1), Stax.Relu(), Stax.ConvTranspose(3, new[] { 2, 2 }, padding: Padding.Circular, parameterization: Parameterization.Standard), Stax.Flatten(), Stax.Dense(2))", new[] { 3, 3, 2 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.Index(AxisIndex.All, AxisIndex.Slice(1, null, 2), AxisIndex.At(-1)), Stax.Conv(2, new[] { 2 }), Stax.Flatten(), Stax.Dense(2))", new[] { 6, 5, 2 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.ImageResize(new[] { -1, 8, -1, -1 }, ResizeMethod.Nearest), Stax.Flatten(), Stax.Dense(2))", new[] { 5, 5, 2 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.ImageResize(new[] { -1, 3, 7, -1 }, ResizeMethod.Linear, antialias: false), Stax.Flatten(), Stax.Dense(2))", new[] { 5, 5, 2 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.DotGeneral(new double[,] { { 1, 0.5, 0, 0 }, { 0, 0, 1, -1 } }, 1), Stax.DotGeneral(new[] { 1.0, 2, 3, 4 }, 2), Stax.Flatten(), Stax.Dense(2))", new[] { 5, 5, 2 } },
        { "Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.DotGeneral(new double[,] { { 0, 1, 0, 0 }, { 1, 0, 0, 0 } }, -3), Stax.Flatten(), Stax.Dense(2))", new[] { 5, 5, 2 } },
        { "Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.Dense(1))", new[] { 5 } },
        { "Stax.Serial(Stax.Dense(6), Stax.LayerNorm(), Stax.Relu(), Stax.Dense(1))", new[] { 5 } },
        // An output that keeps spatial axes: both plan the full form Neural Tangents returns by default.
        { "Stax.Serial(Stax.Conv(2, new[] { 3 }), Stax.Relu(), Stax.Conv(1, new[] { 2 }))", new[] { 6, 2 } },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Model_agrees_with_the_runtime_on_names_parameters_covariance_and_memory(string expression, int[] itemShape)
    {
        var (root, runtime) = Both(expression);
        Assert.Equal(runtime.Name, NodeNames.Of(root));

        var validation = ArchitectureValidator.Validate(root, itemShape);
        Assert.Null(validation.Violation);
        var parameters = runtime.Init<float>(new PrngKey(1), new[] { 2 }.Concat(itemShape).ToArray());
        Assert.Equal(parameters.Count, validation.Layers.Sum(l => l.ParameterCount));

        var inputShape = new[] { -1 }.Concat(itemShape).ToArray();
        foreach (var (get, arrays) in new[] { (KernelOutputs.Both, 2), (KernelOutputs.Nngp, 1) })
        {
            var plan32 = KernelPlanInfo.For<float>(runtime, inputShape, n1: 5, get: get);
            var plan64 = KernelPlanInfo.For<double>(runtime, inputShape, n1: 5, n2: 3, get: get);
            var memory = validation.Memory!;
            Assert.Equal(plan32.CovarianceForm, Describe(memory.InputForm.ToString()));
            Assert.Equal(plan32.BytesPerPair, memory.BytesPerPair(sizeof(float), arrays));
            Assert.Equal(plan64.BytesPerPair, memory.BytesPerPair(sizeof(double), arrays));
        }
    }

    [Fact]
    public void Pooling_needs_the_full_covariance_and_flatten_only_the_diagonal()
    {
        var (pooled, _) = Both("Stax.Serial(Stax.Conv(2, new[] { 2, 2 }), Stax.Relu(), Stax.AvgPool(new[] { 2, 2 }), Stax.Flatten(), Stax.Dense(1))");
        var facts = ArchitectureValidator.Validate(pooled, new[] { 5, 5, 1 }).Layers.Where(l => l.IsLeaf).ToList();
        Assert.Equal(new[] { "Full", "Full", "Full", "Diagonal", "None" }, facts.Select(f => f.Covariance.ToString()));
        // Conv on 5×5 → 4×4 full: 25² in, 16² out values per pair; the pool writes 3×3 full.
        Assert.Equal(25L * 25 + 16 * 16, facts[0].ValuesPerPair);
        Assert.Equal(16L * 16 + 9 * 9, facts[2].ValuesPerPair);
        Assert.Equal(9L + 1, facts[3].ValuesPerPair);

        var (flattened, _) = Both("Stax.Serial(Stax.Conv(2, new[] { 2, 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1))");
        var diagonal = ArchitectureValidator.Validate(flattened, new[] { 5, 5, 1 }).Layers.Where(l => l.IsLeaf).Select(f => f.Covariance.ToString());
        Assert.Equal(new[] { "Diagonal", "Diagonal", "Diagonal", "None" }, diagonal);
    }

    [Theory]
    [InlineData("Stax.Serial(Stax.Conv(0, new[] { 3, 3 }), Stax.Flatten())", new[] { 6, 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.AvgPool(new[] { 2, 2, 2, 2 }), Stax.Flatten())", new[] { 6, 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 3, 3 }), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 7 }), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 3 }, new[] { 0 }), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.GlobalAvgPool(), Stax.Dense(1))", new[] { 6 }, false)]
    [InlineData("Stax.Serial(Stax.LayerNorm(new[] { 1 }), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.LayerNorm(epsilon: -1), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.Dropout(1.5), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.ConvTranspose(0, new[] { 3, 3 }), Stax.Flatten())", new[] { 6, 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.ConvTranspose(2, new[] { 3, 3 }), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Index(AxisIndex.Slice(0, 2)), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Index(AxisIndex.All, AxisIndex.At(6)), Stax.Flatten())", new[] { 6, 1 }, false)]
    [InlineData("Stax.Serial(Stax.Index(AxisIndex.All, AxisIndex.All, AxisIndex.Slice(0, 1)), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.ImageResize(new[] { -1, 4, 3 }, ResizeMethod.Linear), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.ImageResize(new[] { 2, 4, -1 }, ResizeMethod.Nearest), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.DotGeneral(new[] { 1.0, 2.0 }, 0), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.DotGeneral(new[] { 1.0, 2.0 }, -1), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.DotGeneral(new double[,] { { 1, 2, 3 } }, 1), Stax.Flatten())", new[] { 6, 2 }, false)]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 3 }), Stax.Dropout(0.5), Stax.Relu(), Stax.Flatten())", new[] { 6, 2 }, true)]
    [InlineData("Stax.Serial(Stax.Relu(), Stax.LayerNorm(), Stax.Flatten())", new[] { 6, 2 }, true)]
    public void Violations_have_the_runtime_id_and_message(string expression, int[] itemShape, bool kernelOnly) =>
        Assert.Equal(kernelOnly, ExpressionValidation.AssertViolationMatchesRuntime(expression, itemShape).KernelOnly);

    [Fact]
    public void Attribute_stack_and_fluent_form_read_spatial_layers_alike()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", """
            using NeuralTangents;
            namespace Sample;
            [Network(InputShape = new[] { 6, 6, 3 })]
            [Conv(4, new[] { 3, 3 }, Padding = Padding.Same, BStd = 0.1)] [Relu] [ConvLocal(2, new[] { 2, 2 }, Strides = new[] { 2, 1 })] [AvgPool(new[] { 2, 2 })]
            [SumPool(new[] { 1, 1 }, Padding = Padding.Circular)] [LayerNorm(Axis = new[] { 1, 2, -1 }, Epsilon = 0.001)] [LayerNorm] [Dropout(0.9, Mode = DropoutMode.Test)]
            [GlobalSumPool] [Dense(2)]
            public static partial class A { }
            [Network(InputShape = new[] { 6, 6, 3 })]
            public static partial class B
            {
                static ILayer Architecture => Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same, bStd: 0.1), Stax.Relu(),
                    Stax.ConvLocal(2, new[] { 2, 2 }, new[] { 2, 1 }), Stax.AvgPool(new[] { 2, 2 }, new[] { 1, 1 }), Stax.SumPool(new[] { 1, 1 }, padding: Padding.Circular),
                    Stax.LayerNorm(new[] { 1, 2, -1 }, 0.001), Stax.LayerNorm(), Stax.Dropout(0.9, DropoutMode.Test), Stax.GlobalSumPool(), Stax.Dense(2));
            }
            """));
        var a = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.A")!, compilation, CancellationToken.None);
        var b = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.B")!, compilation, CancellationToken.None);
        Assert.Empty(a.Diagnostics);
        Assert.Empty(b.Diagnostics);
        Assert.Equal(a.Root, b.Root);
        var layers = ((SerialNode)a.Root!).Layers;
        Assert.Equal(new LayerNormNode(EquatableArray.Of(1, 2, -1), 0.001), layers[5]);
        Assert.Equal(new LayerNormNode(null, 1e-12), layers[6]);
        Assert.Equal(new DropoutNode(0.9, Train: false), layers[7]);
        Assert.Equal(new GlobalPoolNode(Average: false), layers[8]);
        Assert.Equal(EquatableArray.Of(1, 1), ((PoolNode)layers[3]).Strides);
    }

    [Fact]
    public void Attribute_stack_and_fluent_form_read_the_transposed_and_linear_map_layers_alike()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", """
            using NeuralTangents;
            namespace Sample;
            [Network(InputShape = new[] { 4, 4, 2 })]
            [ConvTranspose(4, new[] { 2, 2 }, Strides = new[] { 2, 1 }, Padding = Padding.Circular, BStd = 0.1)] [Relu]
            [ImageResize(new[] { -1, 5, -1, -1 }, ResizeMethod.Linear, Antialias = false)] [DotGeneral(new[] { 1.0, -1.0, 0.5, 2.0 }, 2)]
            [Flatten] [Dense(2)]
            public static partial class A { }
            [Network(InputShape = new[] { 4, 4, 2 })]
            public static partial class B
            {
                static ILayer Architecture => Stax.Serial(Stax.ConvTranspose(4, new[] { 2, 2 }, new[] { 2, 1 }, Padding.Circular, bStd: 0.1), Stax.Relu(),
                    Stax.ImageResize(new[] { -1, 5, -1, -1 }, ResizeMethod.Linear, false), Stax.DotGeneral(new[] { 1.0, -1.0, 0.5, 2.0 }, 2),
                    Stax.Flatten(), Stax.Dense(2));
            }
            """));
        var a = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.A")!, compilation, CancellationToken.None);
        var b = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.B")!, compilation, CancellationToken.None);
        Assert.Empty(a.Diagnostics);
        Assert.Empty(b.Diagnostics);
        Assert.Equal(a.Root, b.Root);
        var layers = ((SerialNode)a.Root!).Layers;
        var resize = Assert.IsType<ImageResizeNode>(layers[2]);
        Assert.Equal(EquatableArray.Of(-1, 5, -1, -1), resize.Shape);
        Assert.Equal("Linear", resize.Method.ToString());
        Assert.False(resize.Antialias);
        Assert.Equal(new DotGeneralNode(EquatableArray.Of(1.0, -1.0, 0.5, 2.0), 1, 4, 2, Vector: true), layers[3]);
    }

    /// <summary>
    /// The generated <c>Network</c> of a class declared with every layer added here is the runtime's network: the
    /// generated assembly is loaded and its kernel compared with the one of the hand-written expression.
    /// </summary>
    [Fact]
    public void Generated_network_expression_builds_the_runtime_network()
    {
        const string expression = "Stax.Serial(Stax.ConvTranspose(3, new[] { 2, 2 }, new[] { 2, 2 }, Padding.Same, bStd: 0.1), Stax.Relu(), "
            + "Stax.Index(AxisIndex.All, AxisIndex.Slice(null, null, -1), AxisIndex.Slice(1)), Stax.ImageResize(new[] { -1, 5, 4, -1 }, ResizeMethod.Linear), "
            + "Stax.DotGeneral(new double[,] { { 1, 0.5, 0, 0, 0 }, { 0, 0, 1, -1, 0.25 } }, 1), Stax.DotGeneral(new[] { 0.5, 1.0, -1, 2 }, 2), Stax.Dense(3), Stax.Erf(), Stax.Flatten(), Stax.Dense(2))";
        var run = GeneratorHarness.Run($"using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] {{ 3, 3, 2 }})] public static partial class Net {{ static ILayer Architecture => {expression}; }}");
        Assert.Empty(run.GeneratorDiagnostics);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("; ", emitted.Diagnostics));
        var generated = (ILayer)System.Reflection.Assembly.Load(image.ToArray()).GetType("Sample.Net")!.GetProperty("Network")!.GetValue(null)!;
        var runtime = RuntimeNetworks.Build(expression);
        Assert.Equal(runtime.Name, generated.Name);
        var x = Tensor<double>.Zeros(3, 3, 3, 2);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = Math.Sin(1.7 * i + 0.3);
        var expected = runtime.KernelFn(x);
        var actual = generated.KernelFn(x);
        Assert.Equal(expected.Nngp!.Data, actual.Nngp!.Data);
        Assert.Equal(expected.Ntk!.Data, actual.Ntk!.Data);
    }

    private static string Describe(string form) => form switch
    {
        "Full" => "full",
        "Diagonal" => "diagonal-spatial",
        _ => "none",
    };

    private static (LayerNode Root, ILayer Runtime) Both(string expression)
    {
        var root = Parse(expression, out var diagnostics);
        Assert.Empty(diagnostics);
        return (root!, Runtime(expression));
    }

    private static LayerNode? Parse(string expression, out EquatableArray<DiagnosticInfo> diagnostics) => ExpressionValidation.Parse(expression, out diagnostics);

    /// <summary>The same expression built by the runtime (the declarations above are plain Stax calls).</summary>
    private static ILayer Runtime(string expression) => RuntimeNetworks.Build(expression);
}
