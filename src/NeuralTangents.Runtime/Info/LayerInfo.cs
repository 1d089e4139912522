namespace NeuralTangents;

/// <summary>One layer of a generated network, as the source generator saw it at compile time.</summary>
public sealed class LayerInfo
{
    /// <summary>Creates a layer description.</summary>
    /// <param name="path">Position in the layer tree: child indices from the root, dot-separated (e.g. <c>2.1.0</c>).</param>
    /// <param name="name">The layer's name, as <see cref="ILayer.Name"/> reads.</param>
    /// <param name="outputShape">The finite network's output shape of this layer (batch axis first, -1).</param>
    /// <param name="parameterCount">The layer's own trainable scalars.</param>
    /// <param name="covariance">The covariance layout its kernel rule works on.</param>
    /// <param name="fusedKernel">The index of the fused kernel that computes it, or -1 when none does (the input GEMM, a leading Flatten, interpreted layers).</param>
    /// <param name="valuesPerPair">
    /// Values per pair of items and per kernel array that its kernel rule holds at once (its input and output in the
    /// forms the engine keeps them); 1 per branch for fully-connected activations.
    /// </param>
    public LayerInfo(string path, string name, int[] outputShape, long parameterCount, CovarianceForm covariance, int fusedKernel, long valuesPerPair = 2)
    {
        ValuesPerPair = valuesPerPair;
        Path = path;
        Name = name;
        OutputShape = (int[])outputShape.Clone();
        ParameterCount = parameterCount;
        Covariance = covariance;
        FusedKernel = fusedKernel;
    }

    /// <summary>Position in the layer tree: child indices from the root, dot-separated.</summary>
    public string Path { get; }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>The output shape (batch axis first, -1).</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The layer's own trainable scalars.</summary>
    public long ParameterCount { get; }

    /// <summary>The covariance layout of its kernel rule.</summary>
    public CovarianceForm Covariance { get; }

    /// <summary>Values per pair of items and per kernel array its kernel rule holds at once (input and output).</summary>
    public long ValuesPerPair { get; }

    /// <summary>The fused kernel that computes it, or -1.</summary>
    public int FusedKernel { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path,-8} {Name,-40} {Rules.Shapes.Format(OutputShape.ToArray()),-14} {ParameterCount,10}  {Covariance,-15} {ValuesPerPair,10} values/pair{(FusedKernel >= 0 ? $"  fused #{FusedKernel}" : "")}";
}
