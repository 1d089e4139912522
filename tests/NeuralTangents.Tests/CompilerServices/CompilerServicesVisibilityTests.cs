using System.ComponentModel;
using System.Reflection;
using NeuralTangents;

namespace NeuralTangents.Tests.CompilerServices;

/// <summary>
/// The types generated <c>[Network]</c> code calls are public (user assemblies compile against them) but out of a
/// user's way (issue 15 item 8): all in <c>NeuralTangents.CompilerServices</c>, each hidden from IntelliSense, and no
/// public type is left in the former <c>NeuralTangents.Fusion</c>.
/// </summary>
public sealed class CompilerServicesVisibilityTests
{
    private static readonly Type[] Exported = typeof(Stax).Assembly.GetExportedTypes();

    [Fact]
    public void Every_type_for_generated_code_is_hidden_from_intellisense()
    {
        var forGeneratedCode = Exported.Where(t => t.Namespace == "NeuralTangents.CompilerServices").ToArray();
        // What the generator emits calls to: the chain interfaces, the duals, the entry point and the input check.
        foreach (var name in new[] { "IFusedChain`1", "IVectorizedChain`1", "Duals", "VectorDuals", "FusedEntry", "VectorEntry`1", "VectorEntryPair`1", "FusedKernel", "DeclaredInput" })
            Assert.Contains(forGeneratedCode, t => t.Name == name);
        var visible = forGeneratedCode.Where(t => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never).Select(t => t.FullName);
        Assert.Empty(visible);
    }

    [Fact]
    public void No_public_type_is_left_in_the_former_fusion_namespace_or_the_root_for_generated_code()
    {
        Assert.DoesNotContain(Exported, t => t.Namespace == "NeuralTangents.Fusion");
        Assert.DoesNotContain(Exported, t => t.FullName == "NeuralTangents.DeclaredInput");
    }
}
