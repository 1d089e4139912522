using System.Numerics;

namespace NeuralTangents.Finite;

/// <summary>
/// How an affine layer's forward input and output cotangent are laid out: the input is items × positions × n_in
/// (positions = every axis between the batch and channel axes, 1 for fully-connected activations) and the
/// cotangent is (items·repeat) × positions × n_out, row r belonging to item r / repeat.
/// </summary>
internal readonly record struct AffineGeometry(int Items, int Positions, int InChannels, int OutChannels, int Rows)
{
    public int Repeat => Rows / Items;

    public static AffineGeometry Of<T>(Tensor<T> input, Tensor<T> cotangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = input.Dim(0), nIn = input.Dim(-1), nOut = cotangent.Dim(-1);
        int positions = items == 0 ? 0 : input.Length / (items * nIn);
        return new AffineGeometry(items, positions, nIn, nOut, cotangent.Dim(0));
    }
}
