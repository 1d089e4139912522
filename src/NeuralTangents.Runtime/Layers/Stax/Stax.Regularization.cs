using NeuralTangents.Layers.Regularization;

namespace NeuralTangents;

/// <summary>Regularization layers.</summary>
public static partial class Stax
{
    /// <summary>
    /// Dropout (Neural Tangents' <c>Dropout(rate, mode)</c>): in <see cref="DropoutMode.Train"/> mode every unit is
    /// kept with probability <paramref name="rate"/> and scaled by 1/rate; the kernel multiplies the entries of an
    /// item with itself at one position by 1/rate. In <see cref="DropoutMode.Test"/> mode it is the identity.
    /// The finite network draws its train-mode masks from the key given to <c>Init</c> (the mask of batch row r
    /// from that layer's key, child r), so fresh masks come from a fresh init key.
    /// </summary>
    /// <param name="rate">The keep probability, in (0, 1]; 1 keeps every unit.</param>
    /// <param name="mode">Train (drop units) or Test (identity).</param>
    /// <exception cref="NetworkDefinitionException"><paramref name="rate"/> is outside (0, 1] (id NT0004).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined mode.</exception>
    public static ILayer Dropout(double rate, DropoutMode mode = DropoutMode.Train) => Made(new Dropout(rate, mode), [rate, mode]);
}
