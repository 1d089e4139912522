namespace NeuralTangents.Samples.Data;

/// <summary>The contents of an IDX file of unsigned bytes: its dimensions and its values, row-major.</summary>
/// <param name="Dimensions">The sizes of the axes; the first is the item axis.</param>
/// <param name="Values">The values, row-major; its length is the product of <paramref name="Dimensions"/>.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Values)
{
    /// <summary>The number of items (the size of the first axis).</summary>
    public int Count => Dimensions[0];

    /// <summary>The number of values per item (the product of all axes but the first).</summary>
    public int ItemLength
    {
        get
        {
            int length = 1;
            for (int axis = 1; axis < Dimensions.Length; axis++) length *= Dimensions[axis];
            return length;
        }
    }
}
