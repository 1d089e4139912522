namespace NeuralTangents.Architecture.Model;

/// <summary>The closed-form nonlinearities, one per <c>Stax</c> factory method (named alike).</summary>
internal enum ActivationKind
{
    Relu,
    ABRelu,
    LeakyRelu,
    Abs,
    Erf,
    SigmoidLike,
    Gelu,
    Sin,
    Cos,
    Rbf,
    Exp,
    ExpNormalized,
    Gaussian,
    Gabor,
    Sign,
    Monomial,
    RectifiedMonomial,
    Polynomial,
    Hermite,
}
