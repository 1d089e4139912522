using NeuralTangents;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.Rules;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Combinators;

/// <summary>
/// Serials nested inside Serials: every question about the network (shapes, branch counts, covariance demands) is
/// answered once per layer, so a network nested d deep costs what the flat network of the same layers costs.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SerialNestingTests(CpuEngineFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_innermost_layer_is_asked_as_often_at_depth_150_as_at_depth_3(bool images)
    {
        var shallow = Counts(3, images);
        var deep = Counts(150, images);
        Assert.Equal(shallow, deep);
        Assert.True(deep.Rules <= 8 && deep.InputForms <= 8 && deep.Branches <= 8, $"innermost layer asked {deep}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nested_serials_give_the_kernel_of_the_flat_serial(bool images)
    {
        const int depth = 40;
        var x = Input(images);
        var nested = Nested(Stax.Identity(), depth, images);
        var flat = Stax.Serial(new[] { First(images), Stax.Identity() }
            .Concat(Enumerable.Range(0, depth).SelectMany(_ => new[] { Stax.Relu(), Block(images) }))
            .Concat(Tail(images)).ToArray());
        var expected = flat.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var actual = nested.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        Assert.Equal(expected.Nngp!.Data, actual.Nngp!.Data);
        Assert.Equal(expected.Ntk!.Data, actual.Ntk!.Data);
    }

    private (int Rules, int InputForms, int Branches) Counts(int depth, bool images)
    {
        var counting = new CountingIdentity();
        var network = Nested(counting, depth, images);
        network.KernelFn(Input(images), null, KernelOutputs.Both, fixture.Options);
        return (counting.Rules, counting.FormQueries, counting.Branches);
    }

    /// <summary>Serial(…Serial(Serial(first, innermost), Relu, block)…, Relu, block) then the tail: <paramref name="depth"/> levels.</summary>
    private static ILayer Nested(ILayer innermost, int depth, bool images)
    {
        ILayer network = Stax.Serial(First(images), innermost);
        for (int level = 0; level < depth; level++) network = Stax.Serial(network, Stax.Relu(), Block(images));
        return Stax.Serial(new[] { network }.Concat(Tail(images)).ToArray());
    }

    private static ILayer First(bool images) => images ? Stax.Conv(3, new[] { 2, 2 }, padding: Padding.Same) : Stax.Dense(4, 1.3, 0.1);

    private static ILayer Block(bool images) => images ? Stax.Conv(3, new[] { 2, 2 }, padding: Padding.Same, wStd: 1.3, bStd: 0.1) : Stax.Dense(4, 1.3, 0.1);

    private static ILayer[] Tail(bool images) => images ? new[] { Stax.Flatten(), Stax.Dense(1) } : new[] { Stax.Dense(1) };

    private static Tensor<double> Input(bool images) =>
        images ? TestInputs.Normal<double>(2, 3 * 3 * 2, 7).Reshape(2, 3, 3, 2) : TestInputs.Normal<double>(3, 5, 7);

    /// <summary>An identity layer that counts how often its shape rule, covariance demand and branch counts are asked for.</summary>
    private sealed class CountingIdentity : LayerBase
    {
        public int Rules, FormQueries, Branches;

        public override string Name => "CountingIdentity";

        internal override RuleResult Rule(BranchSignature[] input, bool forKernel)
        {
            Interlocked.Increment(ref Rules);
            return RuleResult.Valid(input);
        }

        internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output)
        {
            Interlocked.Increment(ref FormQueries);
            return base.InputForms(input, output);
        }

        internal override int OutputBranchCount(int inputBranches)
        {
            Interlocked.Increment(ref Branches);
            return inputBranches;
        }

        internal override int PeakBranches(int inputBranches)
        {
            Interlocked.Increment(ref Branches);
            return inputBranches;
        }

        internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
        {
            residual = null;
            return x;
        }

        internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) => cotangent;

        internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) => x;

        internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine) => input;
    }
}
