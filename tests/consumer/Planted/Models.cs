using NeuralTangents;

// Each model below is wrong on purpose; run.sh checks that the build reports exactly these ids.

/// <summary>NT0001 (analyzer, an error: KernelFn would throw): two nonlinearities in a row, reported at [Erf].</summary>
[Network(InputShape = new[] { 4 })]
[Dense(8)]
[Relu]
[Erf]
[Dense(1)]
public static partial class TwoNonlinearities
{
}

/// <summary>NT0006 (analyzer, an error: KernelFn would throw): a FanInSum over a branch that is not Gaussian.</summary>
[Network(InputShape = new[] { 4 })]
public static partial class NonGaussianSum
{
    static ILayer Architecture => Stax.Serial(Stax.Dense(8), Stax.FanOut(2), Stax.Parallel(Stax.Relu(), Stax.Dense(8)), Stax.FanInSum());
}

/// <summary>NT0011 (analyzer): one pair of 80 × 80 images needs more than the engine's largest default tile.</summary>
[Network(InputShape = new[] { 80, 80, 1 })]
[Conv(4, new[] { 3, 3 }, Padding = Padding.Same)]
[Relu]
[GlobalAvgPool]
[Dense(1)]
public static partial class HugePooledCnn
{
}

/// <summary>NT0008 (analyzer): width scalings that do not chain.</summary>
[Network(InputShape = new[] { 4 })]
[Dense(8, Parameterization = Parameterization.Standard, WidthScaleOut = 2)]
[Relu]
[Dense(1, Parameterization = Parameterization.Standard, WidthScaleIn = 3)]
public static partial class UnchainedScalings
{
}

/// <summary>NT0009 (generator, code fix: insert [Flatten]): an MLP on images keeps their spatial axes to its output.</summary>
[Network(InputShape = new[] { 8, 8, 1 })]
[Dense(16)]
[Relu]
[Dense(1)]
public static partial class ImageMlp
{
}

/// <summary>NT0010 (analyzer): a strided VALID convolution never reads the last row and column (8 − 3 is odd).</summary>
[Network(InputShape = new[] { 8, 8, 1 })]
[Conv(4, new[] { 3, 3 }, Strides = new[] { 2, 2 })]
[Relu]
[Flatten]
[Dense(1)]
public static partial class StridedConv
{
}

/// <summary>NT0101 (analyzer): no input shape, reported at [Network].</summary>
[Network]
[Dense(8)]
public static partial class NoInputShape
{
}

public static class OrdinaryCode
{
    /// <summary>NT0004 (analyzer): a non-positive W_std outside a [Network] class.</summary>
    public static ILayer ZeroWeights() => Stax.Dense(8, wStd: 0);
}

public static class OrdinaryRanks
{
    /// <summary>NT0002 (analyzer): a 1-d pool after a 2-d convolution.</summary>
    public static ILayer Mismatch() => Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.Relu(), Stax.AvgPool(new[] { 2 }));
}
