using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>
/// The SHA-256, in hex, of everything a tile writes into the store: its NNGP block, its NTK block (as stored above the
/// diagonal), and the variances it carries (cov1 of its rows when <see cref="StoredTile.CarriesRowVariances"/>, cov2 of
/// its columns when there is an x2 and <see cref="StoredTile.CarriesColumnVariances"/>), in that order. A resumed job
/// recomputes a tile whose stored data no longer hash to its recorded checksum, diagonal outputs included.
/// </summary>
internal static class TileChecksum
{
    public const int Length = 64;

    /// <summary>The checksum of a tile's data as received: <paramref name="cov1"/> and <paramref name="cov2"/> are those the tile carries, or null.</summary>
    public static string Of<T>(Tensor<T>? nngp, Tensor<T>? ntk, Tensor<T>? cov1, Tensor<T>? cov2) where T : unmanaged, IFloatingPointIeee754<T> =>
        Of<T>(nngp is null ? default : nngp.Data, ntk is null ? default : ntk.Data, cov1 is null ? default : cov1.Data, cov2 is null ? default : cov2.Data);

    /// <summary>As the tensor overload, from the elements in place; an empty span stands for an absent part.</summary>
    public static string Of<T>(ReadOnlySpan<T> nngp, ReadOnlySpan<T> ntk, ReadOnlySpan<T> cov1, ReadOnlySpan<T> cov2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(nngp));
        hash.AppendData(MemoryMarshal.AsBytes(ntk));
        hash.AppendData(MemoryMarshal.AsBytes(cov1));
        hash.AppendData(MemoryMarshal.AsBytes(cov2));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The checksum of <paramref name="tile"/>'s data as the store's files hold them now.</summary>
    public static string Stored<T>(StoredKernel<T> kernel, StoredTile tile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T>? Block(NpyFile<T>? file)
        {
            if (file is null) return null;
            var data = new T[(long)tile.Rows * tile.Columns * file.ColumnLength];
            file.ReadBlock(tile.Row, tile.Column, tile.Rows, tile.Columns, data);
            return new Tensor<T>(data, data.Length);
        }
        Tensor<T>? Rows(NpyFile<T>? file, bool carried, int start, int count)
        {
            if (file is null || !carried) return null;
            var data = new T[count * file.RowLength];
            file.ReadRows(start, data);
            return new Tensor<T>(data, data.Length);
        }
        return Of(Block(kernel.Nngp), Block(kernel.Ntk),
            Rows(kernel.Cov1, tile.CarriesRowVariances, tile.Row, tile.Rows),
            Rows(kernel.Cov2, tile.CarriesColumnVariances, tile.Column, tile.Columns));
    }
}
