using System.Text;

namespace NeuralTangents;

/// <summary>
/// What the source generator established about a model class at compile time: its layers with their shapes,
/// parameter counts and covariance layouts, the fused kernels, and the device memory a kernel block needs.
/// A class that fell back to the runtime path has no layers and says why in <see cref="FallbackReason"/>.
/// </summary>
public sealed class NetworkInfo
{
    /// <summary>Creates the description of a generated network.</summary>
    /// <param name="name">The network's name (<see cref="ILayer.Name"/>).</param>
    /// <param name="inputShape">The shape of one input item, without the batch axis.</param>
    /// <param name="precision">The precision of the generated members.</param>
    /// <param name="layers">The layers, depth-first.</param>
    /// <param name="fusedKernels">The number of fused kernels the generated <c>KernelFn</c> runs per tile.</param>
    /// <param name="peakBranches">Tile-sized arrays per kernel kind alive at once in the generated <c>KernelFn</c>.</param>
    /// <param name="fallbackReason">Null for a generated network; otherwise why the class uses the runtime path.</param>
    /// <param name="inputCovariance">The form of the input covariance the engine builds (<see cref="CovarianceForm.ItemPair"/> without spatial axes).</param>
    /// <param name="inputValuesPerPair">Values per pair of items of the input covariance (1, S or S²).</param>
    /// <param name="peakValuesPerPair">The most values per pair of items any activation holds in that form (the engine's planning bound).</param>
    public NetworkInfo(string name, int[] inputShape, Precision precision, IReadOnlyList<LayerInfo> layers, int fusedKernels, int peakBranches, string? fallbackReason,
        CovarianceForm inputCovariance = CovarianceForm.ItemPair, long inputValuesPerPair = 1, long peakValuesPerPair = 1)
    {
        InputCovariance = inputCovariance;
        InputValuesPerPair = inputValuesPerPair;
        PeakValuesPerPair = peakValuesPerPair;
        Name = name;
        InputShape = (int[])inputShape.Clone();
        Precision = precision;
        Layers = layers;
        FusedKernels = fusedKernels;
        PeakBranches = peakBranches;
        FallbackReason = fallbackReason;
    }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The shape of one input item, without the batch axis.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The precision of the generated members.</summary>
    public Precision Precision { get; }

    /// <summary>The layers, depth-first.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The number of trainable scalars (what <c>Init</c> draws).</summary>
    public long ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>The number of fused kernels per tile.</summary>
    public int FusedKernels { get; }

    /// <summary>Tile-sized arrays per kernel kind alive at once.</summary>
    public int PeakBranches { get; }

    /// <summary>The form of the input covariance the kernel engine builds.</summary>
    public CovarianceForm InputCovariance { get; }

    /// <summary>Values per pair of items of the input covariance.</summary>
    public long InputValuesPerPair { get; }

    /// <summary>The most values per pair of items any activation holds (the engine's planning bound).</summary>
    public long PeakValuesPerPair { get; }

    /// <summary>Whether the members were generated (false: they delegate to the runtime path).</summary>
    public bool IsGenerated => FallbackReason is null;

    /// <summary>Why the class uses the runtime path, or null.</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Device memory to compute an <paramref name="n1"/>×<paramref name="n2"/> block of the kernel in one tile
    /// (the unit the engine tiles by; see <see cref="KernelOptions.MemoryBudgetBytes"/>), as the engine plans it
    /// (<see cref="KernelPlanInfo.BytesPerPair"/> per pair): each requested kernel kind per live array, plus the host
    /// staging of the input Gram block; with spatial axes every array holds up to <see cref="PeakValuesPerPair"/>
    /// values per pair and a spatial layer holds its input and output at once.
    /// </summary>
    public long KernelMemoryBytes(int n1, int n2, KernelOutputs get = KernelOutputs.Both)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n1);
        ArgumentOutOfRangeException.ThrowIfNegative(n2);
        int arrays = (get & KernelOutputs.Ntk) != 0 ? 2 : 1;
        int elementSize = Precision == Precision.Float64 ? sizeof(double) : sizeof(float);
        long perPair = InputCovariance == CovarianceForm.ItemPair
            ? Rules.CovarianceDemand.BytesPerPair(elementSize, arrays, PeakBranches)
            : Rules.CovarianceDemand.BytesPerPair(elementSize, arrays, PeakBranches, PeakValuesPerPair, InputValuesPerPair);
        return (long)n1 * n2 * perPair;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsGenerated) return $"{Name}: runtime path ({FallbackReason})";
        var text = new StringBuilder();
        text.AppendLine($"{Name}");
        text.AppendLine($"input {Rules.Shapes.Format(InputShape.ToArray())}, {Precision}, {ParameterCount} parameters, {FusedKernels} fused kernel(s), input covariance {InputCovariance} ({InputValuesPerPair} values/pair, peak {PeakValuesPerPair})");
        foreach (var layer in Layers) text.AppendLine(layer.ToString());
        return text.ToString();
    }
}
