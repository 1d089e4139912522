namespace NeuralTangents;

/// <summary>How the empirical NTK is computed (Neural Tangents' <c>NtkImplementation</c>); all give the same kernel.</summary>
public enum NtkImplementation
{
    /// <summary>Build both Jacobians J1, J2 (one row per output element) and contract them: simple, memory ∝ outputs × parameters.</summary>
    JacobianContraction = 1,

    /// <summary>
    /// NTK-vector products: a VJP then a JVP (on dual numbers) per output element of x2, never holding more than
    /// one parameter vector; cheapest in memory, slowest for many outputs.
    /// </summary>
    NtkVectorProducts = 2,

    /// <summary>
    /// Structured derivatives: each affine layer's gradient factors into input ⊗ cotangent, so the NTK is a sum of
    /// products of small Gram matrices; usually fastest for wide Dense layers.
    /// </summary>
    StructuredDerivatives = 3,
}
