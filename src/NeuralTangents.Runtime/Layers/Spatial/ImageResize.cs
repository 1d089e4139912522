using NeuralTangents.Engine;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// Neural Tangents' <c>ImageResize</c> (JAX's <c>jax.image.resize</c>) with LINEAR or NEAREST interpolation on the
/// spatial axes. Each resized axis is a linear map M (JAX's weights: triangle filter at sample points
/// (o + ½)·in/out − ½, widened by in/out when downsampling with antialiasing, columns normalized; nearest:
/// input ⌊(o + ½)·in/out⌋), so the kernel is K' = M K Mᵀ per axis. LINEAR mixes positions and needs the full
/// covariance; NEAREST is a selection and keeps the diagonal form (Neural Tangents asks for the full form for both).
/// </summary>
internal sealed class ImageResize : SpatialLinearMap
{
    /// <summary>JAX's threshold below which a column's weight total counts as zero: 1000 float32 machine epsilons.</summary>
    private const double NegligibleTotal = 1000 * 1.1920928955078125e-7;

    private readonly int[] _shape;

    public ImageResize(int[] shape, ResizeKind method, bool antialias)
    {
        _shape = (int[])shape.Clone();
        Method = method;
        Antialias = antialias;
        if (LinearMapRules.ImageResizeConstruction(Name, _shape, method) is { } violation) throw new NetworkDefinitionException(violation);
    }

    /// <summary>The output shape, -1 keeping an axis.</summary>
    public IReadOnlyList<int> Shape => _shape;

    public ResizeKind Method { get; }

    public bool Antialias { get; }

    public override string Name => LinearMapRules.ImageResizeName(_shape, Method, Antialias);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LinearMapRules.ImageResize(Name, input, _shape, Method);

    internal override bool NeedsFullCovariance => LinearMapRules.ImageResizeNeedsFull(_shape, Method);

    internal override IReadOnlyList<AxisMatrix> MapsFor(int[] inputShape)
    {
        var maps = new List<AxisMatrix>();
        for (int a = 1; a < inputShape.Length - 1 && a < _shape.Length; a++)
        {
            int input = inputShape[a], output = _shape[a];
            if (output == -1 || output == input) continue;
            var weights = Method == ResizeKind.Nearest ? Nearest(input, output) : Linear(input, output, Antialias);
            maps.Add(new AxisMatrix(a - 1, output, input, weights, Removes: false));
        }
        return maps;
    }

    /// <summary>Row o reads input ⌊(o + ½)·in/out⌋.</summary>
    private static double[] Nearest(int input, int output)
    {
        var weights = new double[output * input];
        for (int o = 0; o < output; o++)
        {
            int i = (int)Math.Floor((o + 0.5) * input / output);
            weights[o * input + Math.Min(i, input - 1)] = 1;
        }
        return weights;
    }

    /// <summary>JAX's triangle-kernel weights for scale out/in and no translation.</summary>
    private static double[] Linear(int input, int output, bool antialias)
    {
        double inverseScale = (double)input / output;
        double kernelScale = antialias ? Math.Max(inverseScale, 1) : 1;
        var weights = new double[output * input];
        for (int o = 0; o < output; o++)
        {
            double sample = (o + 0.5) * inverseScale - 0.5;
            double total = 0;
            for (int i = 0; i < input; i++)
            {
                double w = Math.Max(0, 1 - Math.Abs(sample - i) / kernelScale);
                weights[o * input + i] = w;
                total += w;
            }
            // JAX zeroes columns whose weights nearly vanish and samples outside [-½, in − ½]; else it normalizes.
            bool inside = sample >= -0.5 && sample <= input - 0.5;
            for (int i = 0; i < input; i++)
                weights[o * input + i] = inside && Math.Abs(total) > NegligibleTotal ? weights[o * input + i] / total : 0;
        }
        return weights;
    }
}
