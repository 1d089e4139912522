using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralTangents.Samples.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST): two zero bytes, a type code, the number of axes,
/// one big-endian 32-bit size per axis, then the values row-major. Only unsigned bytes (type 0x08) are
/// supported, which is what the image and label files use. Gzip-compressed files are recognised by their
/// magic bytes.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file, plain or gzip-compressed, keeping at most <paramref name="maxItems"/> items.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file of unsigned bytes.</exception>
    public static IdxArray ReadFile(string path, int? maxItems = null)
    {
        using var file = File.OpenRead(path);
        return ReadPossiblyCompressed(file, maxItems, path);
    }

    /// <summary>
    /// Reads IDX data from a seekable stream, plain or gzip-compressed, keeping at most <paramref name="maxItems"/>
    /// items (only those are decompressed). <paramref name="name"/> appears in error messages.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot seek (needed to recognise compression).</exception>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file of unsigned bytes.</exception>
    public static IdxArray ReadPossiblyCompressed(Stream stream, int? maxItems, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException($"The stream for {name} must be seekable to tell gzip from plain IDX.", nameof(stream));
        long start = stream.Position;
        int first = stream.ReadByte(), second = stream.ReadByte();
        stream.Position = start;
        if (first == 0x1f && second == 0x8b)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            return Read(gzip, maxItems, name);
        }
        return Read(stream, maxItems, name);
    }

    /// <summary>Reads plain (uncompressed) IDX data, keeping at most <paramref name="maxItems"/> items.</summary>
    /// <param name="stream">The IDX data; read forward only.</param>
    /// <param name="maxItems">The most items to read (the file may hold fewer); null reads all.</param>
    /// <param name="name">What the data is, for error messages (e.g. its path).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file of unsigned bytes.</exception>
    public static IdxArray Read(Stream stream, int? maxItems = null, string name = "IDX data")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (maxItems < 0) throw new ArgumentOutOfRangeException(nameof(maxItems), maxItems, "must be non-negative.");

        Span<byte> magic = stackalloc byte[4];
        ReadExactly(stream, magic, name, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException(
                $"{name} is not an IDX file: it starts with bytes 0x{magic[0]:X2} 0x{magic[1]:X2}, expected 0x00 0x00.");
        if (magic[2] != UnsignedByteType)
            throw new InvalidDataException(
                $"{name} has IDX type code 0x{magic[2]:X2}; only unsigned bytes (0x08), the type of the (Fashion-)MNIST files, are supported.");
        int rank = magic[3];
        if (rank == 0) throw new InvalidDataException($"{name} declares 0 dimensions; an IDX array needs at least one.");

        var dimensions = new int[rank];
        Span<byte> size = stackalloc byte[4];
        for (int axis = 0; axis < rank; axis++)
        {
            ReadExactly(stream, size, name, $"the size of dimension {axis} of {rank}");
            uint value = BinaryPrimitives.ReadUInt32BigEndian(size);
            if (value > int.MaxValue)
                throw new InvalidDataException($"{name} declares dimension {axis} of size {value}, more than {int.MaxValue}.");
            dimensions[axis] = (int)value;
        }

        int itemLength = 1;
        for (int axis = 1; axis < rank; axis++) itemLength = checked(itemLength * dimensions[axis]);
        int count = maxItems is { } limit ? Math.Min(limit, dimensions[0]) : dimensions[0];
        long length = (long)count * itemLength;
        if (length > Array.MaxLength)
            throw new InvalidDataException($"{name} holds {length} values in the requested items, more than one array can hold.");

        var values = new byte[length];
        ReadExactly(stream, values, name, $"the values of {count} item(s) of {itemLength} byte(s)");
        dimensions[0] = count;
        return new IdxArray(dimensions, values);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new InvalidDataException($"{name} ends early: it has {total} of the {buffer.Length} bytes of {what}.");
            total += read;
        }
    }
}
