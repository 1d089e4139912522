using System.Security.Cryptography;

namespace NeuralTangents.Distributed;

/// <summary>
/// An input as a job names it: its shape, its byte count and the SHA-256 of its bytes. The bytes themselves travel
/// apart, from the submitting client to each silo that does not hold them yet (<see cref="IJobClient.GetInput"/>), so
/// the job grain receives a few hundred bytes per job and a silo that kept an input from an earlier job on the same
/// data computes without fetching it again.
/// </summary>
/// <param name="Shape">The dimensions, batch axis first.</param>
/// <param name="Bytes">The number of bytes (the shape's elements in the job's precision).</param>
/// <param name="Sha256">The SHA-256 of the bytes, 64 lowercase hex digits.</param>
[GenerateSerializer, Immutable, Alias("nt.InputRef")]
public sealed record InputRef([property: Id(0)] int[] Shape, [property: Id(1)] long Bytes, [property: Id(2)] string Sha256)
{
    /// <summary>The reference of <paramref name="array"/>.</summary>
    /// <param name="array">The input's bytes with its shape.</param>
    public static InputRef Of(WireArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new InputRef((int[])array.Shape.Clone(), array.Data.LongLength, HashOf(array.Data));
    }

    /// <summary>The SHA-256 of <paramref name="bytes"/> in lowercase hex, as <see cref="Sha256"/> holds it.</summary>
    /// <param name="bytes">The bytes.</param>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether <paramref name="array"/> is the input this reference names: its shape, length and hash.</summary>
    /// <param name="array">An array received for this input.</param>
    public bool Matches(WireArray array) =>
        array.Shape is not null && array.Data is not null && array.Shape.AsSpan().SequenceEqual(Shape) && array.Data.LongLength == Bytes
        && HashOf(array.Data) == Sha256;
}
