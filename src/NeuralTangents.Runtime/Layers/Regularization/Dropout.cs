using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Regularization;

/// <summary>
/// Dropout (Neural Tangents' <c>Dropout(rate, mode)</c>, where the rate is the keep probability). In train mode
/// every unit (position and channel) of every item is kept with probability keep and scaled by 1/keep, so
/// E[y·y'] is unchanged between different units and multiplied by 1/keep for a unit with itself: the kernel
/// rule scales the same-item, same-position entries of nngp, ntk and the variances by 1/keep.
/// <para>
/// The masks come from a key that <c>Init</c> stores in this layer's parameters node (its share of the
/// network's init key): the mask of batch row r is drawn from that key's child r, so the same parameters apply
/// the same masks to the same rows on every call, and a different init key draws different masks (each Monte
/// Carlo sample gets its own). Rows of two separate calls with the same parameters share masks row by row.
/// </para>
/// <para>
/// Unlike Neural Tangents, Dropout may come first (on the inputs): the rule is exact there too, since the masks
/// are independent of everything else.
/// </para>
/// </summary>
internal sealed partial class Dropout : LayerBase
{
    public Dropout(double keepRate, DropoutMode mode)
    {
        if (mode is not (DropoutMode.Train or DropoutMode.Test))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be DropoutMode.Train or DropoutMode.Test.");
        KeepRate = keepRate;
        Mode = mode;
        Validation.Guard.Check(Rule(new[] { new BranchSignature(new[] { -1, 1 }, true) }, forKernel: false));
    }

    public double KeepRate { get; }

    public DropoutMode Mode { get; }

    private bool Train => Mode == DropoutMode.Train;

    public override string Name => DropoutRules.Name(KeepRate, Train);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => DropoutRules.Dropout(Name, input, KeepRate, Train);

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input) =>
        Train ? new Parameters<T>(Name, Array.Empty<Tensor<T>>(), Array.Empty<Parameters<T>>()) { ApplyKey = key } : Parameters<T>.Empty;

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        if (!Train)
        {
            residual = null;
            return x;
        }
        var input = x[0];
        var scale = Masks<T>(parameters, input.Dim(0), input.RowLength);
        residual = scale;
        return new[] { Scaled(input, scale, repeat: 1) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) =>
        Train ? new[] { Scaled(cotangent[0], (T[])residual!, context.Repeat) } : cotangent;

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        if (!Train || KeepRate == 1) return input;
        var tile = input[0];
        DeviceOps<T>.Instance.ScaleSameEntries(engine, tile, 1.0 / KeepRate);
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
    }

    /// <summary>Per item and unit: 1/keep where the unit is kept, 0 where it is dropped.</summary>
    private T[] Masks<T>(Parameters<T> parameters, int items, int units) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.ApplyKey is not { } key)
            throw new ArgumentException(
                $"{Name} in train mode draws its masks from the key Init stores in its parameters, but the parameters given (layer '{parameters.Layer}') carry none; pass the parameters Init returned for this network.",
                nameof(parameters));
        var kept = T.CreateTruncating(1.0 / KeepRate);
        var scale = new T[(long)items * units];
        for (int item = 0; item < items; item++)
        {
            var row = key.Child(item);
            for (int u = 0; u < units; u++)
                scale[(long)item * units + u] = row.Uniform(u) < KeepRate ? kept : T.Zero;
        }
        return scale;
    }

    /// <summary>Row r of <paramref name="values"/> (item r / repeat) times that item's mask scale.</summary>
    private static Tensor<T> Scaled<T>(Tensor<T> values, T[] scale, int repeat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int units = values.RowLength, rows = values.Dim(0);
        var result = Tensor<T>.Zeros(values.Shape);
        for (int r = 0; r < rows; r++)
        {
            long source = (long)(r / repeat) * units, target = (long)r * units;
            for (int u = 0; u < units; u++) result.Data[target + u] = values.Data[target + u] * scale[source + u];
        }
        return result;
    }
}
