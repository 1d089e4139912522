using NeuralTangents.CompilerServices;
using NeuralTangents.Tests.Engine.Ptx;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// The fused chain the generator emits for every model of this project, as the device kernel that runs it on a GPU
/// (<c>FusedKernels.Entries</c>, float and double storage), compiles to PTX for the H100 without a GPU.
/// </summary>
public sealed class GeneratedChainPtxTests(PtxCompiler compiler) : IClassFixture<PtxCompiler>
{
    /// <summary>The generated chains of this assembly's models: structs implementing <see cref="IFusedChain{TVariances}"/>.</summary>
    private static readonly Type[] Chains = typeof(GeneratedChainPtxTests).Assembly.GetTypes()
        .Where(t => t.IsValueType && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFusedChain<>)))
        .ToArray();

    private static readonly Lazy<IReadOnlyDictionary<string, DeviceKernel>> Kernels = new(() =>
        DeviceKernelCatalog.Instantiations(DeviceKernelCatalog.KernelMethods(DeviceKernelCatalog.Runtime), DeviceKernelCatalog.RuntimeStructs().Concat(Chains))
            .Where(k => k.Method?.GetGenericArguments().Any(Chains.Contains) == true)
            .ToDictionary(k => k.Name));

    /// <summary>One case per generated chain and scalar adapter.</summary>
    public static TheoryData<string> ChainKernels => new(Kernels.Value.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ChainKernels))]
    public void Generated_chain_kernel_compiles_to_ptx_for_sm_90(string kernel)
    {
        string ptx = compiler.Compile(Kernels.Value[kernel].Method!);

        Assert.Contains(PtxCompiler.TargetDirective, ptx);
        Assert.Contains(".entry ", ptx);
    }

    [Fact]
    public void Every_generated_chain_has_a_float_and_a_double_kernel()
    {
        Assert.Contains(Chains, c => c.DeclaringType?.Name == "EveryNonlinearity");
        Assert.All(Chains, chain => Assert.Equal(2, Kernels.Value.Values.Count(k => k.Method!.GetGenericArguments().Contains(chain))));
    }
}
