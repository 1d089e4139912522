using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// The generated code of representative declarations (the sample models in Models/), against checked-in
/// snapshots. Review a snapshot diff like code; accept intended changes with NT_ACCEPT_SNAPSHOTS=1.
/// </summary>
public sealed class GeneratedCodeSnapshotTests
{
    [Fact]
    public void Mlp() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("Mlp")));

    [Fact]
    public void Flatten_first_mlp_on_images() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("FlattenMlp")));

    [Fact]
    public void Residual_network_with_block_and_repeat() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("ResidualNetwork")));

    [Fact]
    public void Standard_parameterization() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("StandardMlp")));

    [Fact]
    public void Every_nonlinearity_family() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("EveryNonlinearity")));

    [Fact]
    public void Float64() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("Float64Mlp")));

    [Fact]
    public void Concatenation_and_product_branches() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("BranchingNetwork")));

    [Fact]
    public void Cnn_with_flatten() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("CnnFlatten")));

    [Fact]
    public void Cnn_with_global_average_pooling() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("CnnGlobalAvgPool")));

    [Fact]
    public void Cnn_with_global_average_pooling_on_the_plan() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("PooledCnn")));

    [Fact]
    public void Residual_cnn() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("ResidualCnn")));

    [Fact]
    public void Split_kernel_without_spatial_axes() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("NormalizedMlp")));

    [Fact]
    public void Runtime_fallback_for_what_cannot_be_evaluated() => Snapshot.Verify(GeneratorHarness.Run(GeneratorHarness.Model("FallbackNetwork")));
}
