using System.Numerics;
using NeuralTangents.Generators.Tests.Support;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The generated members against the runtime on every sample architecture: the fused KernelFn against the
/// interpreted path (1e-6 relative in float32, where the interpreted path rounds to float after every layer;
/// 1e-12 in float64), and Init/Apply/Network against the same network written by hand (exactly).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedVsRuntimeTests(CpuEngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(SampleModels.Float32Names), MemberType = typeof(SampleModels))]
    public void Float32_generated_kernel_matches_the_interpreted_path(string name) => KernelsAgree(SampleModels.Float32(name), 1e-6);

    [Theory]
    [MemberData(nameof(SampleModels.Float64KernelNames), MemberType = typeof(SampleModels))]
    public void Float64_generated_kernel_matches_the_interpreted_path(string name) => KernelsAgree(SampleModels.Float64(name), 1e-12);

    [Theory]
    [MemberData(nameof(SampleModels.Float32Names), MemberType = typeof(SampleModels))]
    public void Float32_network_init_and_apply_equal_the_hand_written_network(string name) => FiniteAgrees(SampleModels.Float32(name));

    [Theory]
    [MemberData(nameof(SampleModels.Float64KernelNames), MemberType = typeof(SampleModels))]
    public void Float64_network_init_and_apply_equal_the_hand_written_network(string name) => FiniteAgrees(SampleModels.Float64(name));

    [Theory]
    [InlineData(45, 20)]
    [InlineData(37, 37)]
    [InlineData(30, 64)]
    public void Host_path_matches_across_tiles_blocks_and_mirrored_triangles(int items, int tileSize)
    {
        // Diagonal tiles compute their upper triangle from each row's eight-column block on and mirror the rest;
        // widths that are not multiples of eight exercise the leftover blocks of four and the padded partial block.
        var model = SampleModels.Float32("ResidualNetwork");
        var x = Inputs<float>(model.InputShape, items, 0.29);
        var options = fixture.Options with { TileSize = tileSize };
        var generated = model.KernelFn(x, null, KernelOutputs.Both, options);
        var runtime = model.Network.KernelFn(x, null, KernelOutputs.Both, options);
        Close(runtime.Nngp!, generated.Nngp!, 1e-6, "nngp");
        Close(runtime.Ntk!, generated.Ntk!, 1e-6, "ntk");
        for (int i = 0; i < items; i++)
            for (int j = 0; j < items; j++)
                Assert.Equal(generated.Ntk![i, j], generated.Ntk[j, i]);
        var ntkOnly = model.KernelFn(x, null, KernelOutputs.Ntk, options);
        Assert.Null(ntkOnly.Nngp);
        Assert.Equal(generated.Ntk!.Data, ntkOnly.Ntk!.Data);
    }

    [Fact]
    public void Host_path_ntk_alone_equals_the_ntk_of_both_across_column_tiles()
    {
        // x1 against another x2 in tiles narrower than x2: without the nngp, each tile's input kernel goes to scratch
        // memory laid out with the ntk's row stride and reused from tile to tile, and the variances of tiles that do
        // not start a row or column go to reused scratch too.
        var model = SampleModels.Float32("ResidualNetwork");
        var x1 = Inputs<float>(model.InputShape, 21, 0.37);
        var x2 = Inputs<float>(model.InputShape, 19, 0.91);
        var options = fixture.Options with { TileSize = 8 };
        var both = model.KernelFn(x1, x2, KernelOutputs.Both, options);
        var ntkOnly = model.KernelFn(x1, x2, KernelOutputs.Ntk, options);
        Assert.Null(ntkOnly.Nngp);
        Assert.Equal(both.Ntk!.Data, ntkOnly.Ntk!.Data);
        Assert.Equal(both.Cov1.Data, ntkOnly.Cov1.Data);
        Assert.Equal(both.Cov2!.Data, ntkOnly.Cov2!.Data);
    }

    [Theory]
    [InlineData("Mlp")]
    [InlineData("EveryNonlinearity")]
    [InlineData("ResidualNetwork")]
    [InlineData("BranchingNetwork")]
    public void Eight_and_four_lane_host_loops_give_the_same_bits(string name)
    {
        if (name == "BranchingNetwork") SameBitsAtBothWidths(SampleModels.Float64(name));
        else SameBitsAtBothWidths(SampleModels.Float32(name));
    }

    /// <summary>
    /// The arc-cosine duals are written once per vector width and the other duals run lane by lane: every lane must go
    /// through the same operations at both widths. 37 items leave partial vectors at both.
    /// </summary>
    private void SameBitsAtBothWidths<T>(SampleModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Inputs<T>(model.InputShape, 37, 0.29);
        var native = model.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        Engine.HostLaneWidth.ForceFourLanes = true;
        try
        {
            var four = model.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
            Assert.Equal(four.Nngp!.Data, native.Nngp!.Data);
            Assert.Equal(four.Ntk!.Data, native.Ntk!.Data);
        }
        finally
        {
            Engine.HostLaneWidth.ForceFourLanes = false;
        }
    }

    [Fact]
    public void Device_kernel_path_matches_the_interpreted_path()
    {
        // On the CPU accelerator the fused chain runs as a host loop; the ILGPU kernel (the GPU path) is forced here.
        Engine.FusedTiles<float, Models.Mlp.FusedChain, Models.Mlp.FusedChain.ItemVariances>.ForceDeviceKernel = true;
        Engine.FusedTiles<double, Models.BranchingNetwork.FusedChain, Models.BranchingNetwork.FusedChain.ItemVariances>.ForceDeviceKernel = true;
        try
        {
            KernelsAgree(SampleModels.Float32("Mlp"), 1e-6);
            KernelsAgree(SampleModels.Float64("BranchingNetwork"), 1e-12);
        }
        finally
        {
            Engine.FusedTiles<float, Models.Mlp.FusedChain, Models.Mlp.FusedChain.ItemVariances>.ForceDeviceKernel = false;
            Engine.FusedTiles<double, Models.BranchingNetwork.FusedChain, Models.BranchingNetwork.FusedChain.ItemVariances>.ForceDeviceKernel = false;
        }
    }

    [Fact]
    public void Spatial_info_states_the_engines_covariance_form_and_memory_per_block()
    {
        // Flatten needs only the diagonal-spatial covariance; pooling needs every pair of positions.
        var flattened = SampleModels.Float32("CnnFlatten");
        var pooled = SampleModels.Float64("CnnGlobalAvgPool");
        foreach (var (info, network, form, runtimeForm, element) in new[]
        {
            (flattened.Info, flattened.Network, CovarianceForm.DiagonalSpatial, "diagonal-spatial", sizeof(float)),
            (pooled.Info, pooled.Network, CovarianceForm.FullSpatial, "full", sizeof(double)),
        })
        {
            Assert.Equal(form, info.InputCovariance);
            foreach (var get in new[] { KernelOutputs.Both, KernelOutputs.Nngp })
            {
                var plan = element == sizeof(float)
                    ? KernelPlanInfo.For<float>(network, new[] { -1, 6, 6, 3 }, n1: 7, get: get)
                    : KernelPlanInfo.For<double>(network, new[] { -1, 6, 6, 3 }, n1: 7, get: get);
                Assert.Equal(runtimeForm, plan.CovarianceForm);
                Assert.Equal(plan.BytesPerPair * 7 * 5, info.KernelMemoryBytes(7, 5, get));
            }
            // The head (through Flatten or GlobalAvgPool) is interpreted, the fully-connected tail is the fused kernel.
            var tail = info.Layers.SkipWhile(l => l.Covariance != CovarianceForm.ItemPair).ToList();
            Assert.Equal(3, tail.Count);
            Assert.All(tail, l => Assert.Equal(0, l.FusedKernel));
            Assert.All(info.Layers.Take(info.Layers.Count - 3), l => Assert.Equal(-1, l.FusedKernel));
            Assert.Equal(1, info.FusedKernels);
        }
    }

    private void KernelsAgree<T>(SampleModel<T> model, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x1 = Inputs<T>(model.InputShape, 9, 0.37);
        var x2 = Inputs<T>(model.InputShape, 7, 0.91);
        // Small tiles: several tiles per kernel, and mirroring in the symmetric case.
        var options = fixture.Options with { TileSize = 4 };
        foreach (var second in new[] { x2, null })
        {
            var generated = model.KernelFn(x1, second, KernelOutputs.Both, options);
            var runtime = model.Network.KernelFn(x1, second, KernelOutputs.Both, options);
            Close(runtime.Nngp!, generated.Nngp!, tolerance, $"{model} nngp");
            Close(runtime.Ntk!, generated.Ntk!, tolerance, $"{model} ntk");
            Close(runtime.Cov1, generated.Cov1, tolerance, $"{model} cov1");
            if (second is not null) Close(runtime.Cov2!, generated.Cov2!, tolerance, $"{model} cov2");
            Assert.Equal(runtime.IsGaussian, generated.IsGaussian);
            Assert.Equal(runtime.Shape1, generated.Shape1);
        }
        var nngpOnly = model.KernelFn(x1, x2, KernelOutputs.Nngp, options);
        Assert.Null(nngpOnly.Ntk);
        Close(model.Network.KernelFn(x1, x2, KernelOutputs.Nngp, options).Nngp!, nngpOnly.Nngp!, tolerance, $"{model} nngp only");
    }

    private static void FiniteAgrees<T>(SampleModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(model.Reference.Name, model.Network.Name);
        var key = new PrngKey(20240611);
        var generated = model.Init(key);
        var reference = model.Reference.Init<T>(key, new[] { -1 }.Concat(model.InputShape).ToArray());
        var generatedLeaves = generated.Leaves().ToList();
        var referenceLeaves = reference.Leaves().ToList();
        Assert.Equal(referenceLeaves.Count, generatedLeaves.Count);
        for (int i = 0; i < referenceLeaves.Count; i++)
        {
            Assert.Equal(referenceLeaves[i].Shape, generatedLeaves[i].Shape);
            Assert.Equal(referenceLeaves[i].Data, generatedLeaves[i].Data);
        }
        if (model.Info.IsGenerated) Assert.Equal(reference.Count, model.Info.ParameterCount);

        var x = Inputs<T>(model.InputShape, 5, 0.53);
        if (!model.HasFiniteFunction)
        {
            Assert.Throws<NotSupportedException>(() => model.Apply(generated, x));
            Assert.Throws<NotSupportedException>(() => model.Reference.Apply(reference, x));
            return;
        }
        Assert.Equal(model.Reference.Apply(reference, x).Data, model.Apply(generated, x).Data);
    }

    /// <summary>Deterministic inputs of <paramref name="count"/> items with values in [-1, 1].</summary>
    private static Tensor<T> Inputs<T>(int[] itemShape, int count, double phase) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(new[] { count }.Concat(itemShape).ToArray(), i => T.CreateTruncating(Math.Sin(i * phase + 0.2 * (i % 5))));

    /// <summary>Entrywise |a − b| ≤ tolerance·max(|a|, |b|, 1e-3·max|a|): relative, with a floor for entries far below the kernel's scale.</summary>
    private static void Close<T>(Tensor<T> expected, Tensor<T> actual, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(v => Math.Abs(double.CreateTruncating(v)));
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(expected.Data[i]), b = double.CreateTruncating(actual.Data[i]);
            double error = Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), Math.Max(1e-3 * scale, double.Epsilon));
            worst = Math.Max(worst, error);
        }
        Assert.True(worst <= tolerance, $"{what}: worst relative difference {worst:G3} exceeds {tolerance:G3}");
    }
}
