using System.Reflection;
using ILGPU;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Tests.Engine.Ptx;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// Every device kernel of the engine, for every scalar adapter, nonlinearity and (a) fused chain, compiles to PTX for
/// the H100 (sm_90) with ILGPU's PTX backend, without a GPU: a kernel the CUDA backend cannot compile fails here.
/// </summary>
public sealed class DeviceKernelPtxTests(PtxCompiler compiler) : IClassFixture<PtxCompiler>
{
    private static readonly Lazy<IReadOnlyDictionary<string, DeviceKernel>> Catalog = new(() =>
        DeviceKernelCatalog.Instantiations(
                DeviceKernelCatalog.KernelMethods(DeviceKernelCatalog.Runtime),
                DeviceKernelCatalog.RuntimeStructs().Append(typeof(PtxTestChain)))
            .ToDictionary(kernel => kernel.Name));

    /// <summary>One case per closed kernel, named by the kernel and its type arguments.</summary>
    public static TheoryData<string> Kernels => new(Catalog.Value.Keys.Order(StringComparer.Ordinal));

    /// <summary>Kernels the PTX backend rejects: a class allocation and a BCL generic-math call.</summary>
    public static TheoryData<string> RejectedKernels => new(nameof(AllocatingKernel), nameof(GenericMathKernel));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Device_kernel_compiles_to_ptx_for_sm_90(string kernel)
    {
        var entry = Catalog.Value[kernel];
        Assert.True(entry.Problem is null, $"{kernel}: {entry.Problem}");

        string ptx = compiler.Compile(entry.Method!);

        Assert.Contains(PtxCompiler.TargetDirective, ptx);
        Assert.Contains(".entry ", ptx);
    }

    [Fact]
    public void Catalog_covers_every_kernel_class_scalar_adapter_and_nonlinearity_of_the_runtime()
    {
        var kernels = Catalog.Value.Values.Where(k => k.Method is not null).ToList();
        var classes = DeviceKernelCatalog.Runtime.GetTypes()
            .Where(t => t.Namespace == typeof(EntrywiseKernels).Namespace && t.GetMethods().Any(IsIndexedKernel)).ToList();
        var arguments = kernels.SelectMany(k => k.Method!.GetGenericArguments()).ToHashSet();
        var structs = DeviceKernelCatalog.RuntimeStructs().ToList();
        var adapters = structs.Where(s => s.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IScalar<>))).ToList();
        var activations = structs.Where(typeof(IDualActivation).IsAssignableFrom).ToList();

        Assert.Contains(typeof(FusedKernels), classes);
        Assert.All(classes, c => Assert.Contains(kernels, k => k.Method!.DeclaringType == c));
        Assert.Equal([typeof(DoubleScalar), typeof(FloatScalar)], adapters.OrderBy(a => a.Name));
        Assert.All(adapters, adapter => Assert.Contains(adapter, arguments));
        Assert.Contains(typeof(ABReluActivation), activations);
        Assert.All(activations, activation => Assert.Contains(activation, arguments));
        Assert.Contains(typeof(PtxTestChain), arguments);
    }

    [Theory]
    [MemberData(nameof(RejectedKernels))]
    public void A_kernel_the_ptx_backend_rejects_fails_to_compile(string kernel) =>
        Assert.Throws<InternalCompilerException>(() => compiler.Compile(TestKernel(kernel)));

    [Fact]
    public void Compiled_ptx_names_the_instruction_set_the_target_and_the_entry_point()
    {
        string ptx = compiler.Compile(TestKernel(nameof(ScalingKernel)));

        Assert.Contains(".version 7.8", ptx);
        Assert.Contains(".target sm_80", ptx);
        Assert.Contains($".entry Kernel_{nameof(ScalingKernel)}(", ptx);
    }

    private static bool IsIndexedKernel(MethodInfo method) =>
        method.IsStatic && method.GetParameters() is [var first, ..] && first.ParameterType == typeof(Index1D);

    private static MethodInfo TestKernel(string name) =>
        typeof(DeviceKernelPtxTests).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!;

    private static void ScalingKernel(Index1D index, ArrayView<double> values) => values[index] *= 2;

    /// <summary>Device code cannot allocate objects (a constant-size local array is fine: ILGPU places it in registers).</summary>
    private static void AllocatingKernel(Index1D index, ArrayView<double> values) => values[index] = new List<double>().Count;

    /// <summary>The BCL's generic math (<c>INumberBase&lt;T&gt;.CreateChecked</c>) breaks ILGPU's compiler.</summary>
    private static void GenericMathKernel(Index1D index, ArrayView<double> values) => values[index] = double.CreateChecked(index.X);
}
