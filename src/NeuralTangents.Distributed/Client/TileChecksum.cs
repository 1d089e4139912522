using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>The SHA-256 of a tile's NNGP block then its NTK block (the blocks as stored above the diagonal), in hex.</summary>
internal static class TileChecksum
{
    public const int Length = 64;

    public static string Of<T>(Tensor<T>? nngp, Tensor<T>? ntk) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (nngp is not null) hash.AppendData(MemoryMarshal.AsBytes(nngp.Data.AsSpan()));
        if (ntk is not null) hash.AppendData(MemoryMarshal.AsBytes(ntk.Data.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The checksum of the tile as the store's files hold it now.</summary>
    public static string Stored<T>(StoredKernel<T> kernel, StoredTile tile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T>? Block(NpyFile<T>? file)
        {
            if (file is null) return null;
            var data = new T[(long)tile.Rows * tile.Columns * file.ColumnLength];
            file.ReadBlock(tile.Row, tile.Column, tile.Rows, tile.Columns, data);
            return new Tensor<T>(data, data.Length);
        }
        return Of(Block(kernel.Nngp), Block(kernel.Ntk));
    }
}
