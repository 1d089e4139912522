namespace NeuralTangents.Generators.Planning;

/// <summary>What the generator emits for a model class.</summary>
internal enum PlanKind
{
    /// <summary>Specialized members: the network as literals, fused kernels, compile-time Info.</summary>
    Specialized,

    /// <summary>Members that delegate to the runtime path (the declaration could not be evaluated, or breaks a rule).</summary>
    RuntimeFallback,

    /// <summary>Nothing (the class cannot take generated members as declared); only diagnostics.</summary>
    Nothing,
}
