using NeuralTangents.Layers;
using NeuralTangents.Layers.Combinators;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// Which spatial covariance a network builds for inputs with spatial axes, decided before anything runs:
/// the requirement flows from the output down (pooling needs the full form, Flatten and every pointwise or
/// convolutional layer pass on what their consumers need), and the input takes the form its first layers need.
/// </summary>
internal sealed record SpatialDemand(SpatialForm InputForm, SpatialLayout InputLayout, long PeakEntriesPerPair)
{
    /// <summary>Values per pair of items in the input covariance.</summary>
    public long InputEntriesPerPair => InputLayout.EntriesPerPair;

    /// <summary>
    /// Plans the form for <paramref name="network"/> on inputs of <paramref name="inputShape"/> (batch, spatial…, channels)
    /// when its output is wanted in <paramref name="outputForm"/> (only matters for outputs that keep spatial axes).
    /// </summary>
    public static SpatialDemand For(LayerBase network, int[] inputShape, SpatialForm outputForm = CovarianceDemand.OfOutput)
    {
        var input = new[] { new BranchSignature(inputShape, isGaussian: false) };
        var form = network.InputForms(input, new[] { outputForm })[0];
        var layout = SpatialLayout.For(inputShape, form);
        return new SpatialDemand(form, layout, Math.Max(layout.EntriesPerPair, Peak(network, input, form)));
    }

    public override string ToString() =>
        $"{(InputForm == SpatialForm.Full ? "full pixel-pair" : "diagonal-spatial")} covariance, input {InputLayout}, at most {PeakEntriesPerPair} values per pair";

    /// <summary>The most values per pair any activation of the network holds (an upper bound: the form only shrinks along the way).</summary>
    private static long Peak(LayerBase layer, BranchSignature[] input, SpatialForm form)
    {
        switch (layer)
        {
            case Serial serial:
            {
                long peak = 1;
                var current = input;
                foreach (var child in serial.Layers)
                {
                    peak = Math.Max(peak, Peak(child, current, form));
                    current = child.Infer(current, forKernel: true);
                }
                return peak;
            }
            case Layers.Combinators.Parallel parallel:
            {
                long peak = 1;
                for (int i = 0; i < parallel.Layers.Count; i++) peak = Math.Max(peak, Peak(parallel.Layers[i], new[] { input[i] }, form));
                return peak;
            }
            default:
            {
                long peak = 1;
                foreach (var b in input) peak = Math.Max(peak, SpatialLayout.For(b.Shape, form).EntriesPerPair);
                foreach (var b in layer.Infer(input, forKernel: true)) peak = Math.Max(peak, SpatialLayout.For(b.Shape, form).EntriesPerPair);
                return peak;
            }
        }
    }
}
