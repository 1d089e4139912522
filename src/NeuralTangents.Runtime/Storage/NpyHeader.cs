using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuralTangents.Storage;

/// <summary>
/// The header of a <c>.npy</c> file (NumPy's format, versions 1.0, 2.0 and 3.0): the magic string, the version, the
/// header length, and a Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, padded with
/// spaces and a newline so that the data starts on a multiple of 64 bytes.
/// </summary>
/// <param name="Descr">The dtype, e.g. <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">Whether the data is in column-major order.</param>
/// <param name="Shape">The array's shape.</param>
/// <param name="DataOffset">Where the data starts in the file.</param>
internal sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape, int DataOffset)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The largest header this reader accepts (NumPy itself refuses headers over 10 000 bytes by default).</summary>
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>The alignment of the data NumPy guarantees.</summary>
    private const int Alignment = 64;

    /// <summary>The number of elements the shape holds.</summary>
    public long ElementCount => Shape.Aggregate(1L, (count, axis) => count * axis);

    /// <summary>The shape in Python's notation, e.g. <c>(3, 4)</c> or <c>(5,)</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.Select(a => a.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>The header bytes for a C-order array: version 1.0 when the dict fits its 2-byte length, else 2.0.</summary>
    public static byte[] Format(string descr, IReadOnlyList<int> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        foreach (int version in new[] { 1, 2 })
        {
            int prefix = Magic.Length + 2 + (version == 1 ? 2 : 4);
            int total = (prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
            int headerLength = total - prefix;
            if (version == 1 && headerLength > ushort.MaxValue) continue;
            var bytes = new byte[total];
            Magic.CopyTo(bytes);
            bytes[Magic.Length] = (byte)version;
            bytes[Magic.Length + 1] = 0;
            if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Magic.Length + 2), (ushort)headerLength);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(Magic.Length + 2), (uint)headerLength);
            var text = Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n");
            text.CopyTo(bytes, prefix);
            return bytes;
        }
        throw new InvalidOperationException("unreachable: version 2.0 headers hold 4 GiB");
    }

    /// <summary>Reads and checks the header at the start of <paramref name="stream"/>.</summary>
    /// <exception cref="NpyFormatException">The file is not a .npy file or its header is malformed.</exception>
    public static NpyHeader Read(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..Magic.Length].SequenceEqual(Magic))
            throw new NpyFormatException(path, $"not a .npy file: expected the magic string \\x93NUMPY at the start, found {Hex(prefix[..Math.Min(got, Magic.Length)])}" +
                (got < 10 ? $" and only {got} bytes" : "") + ".");
        int major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2 or 3) || minor != 0)
            throw new NpyFormatException(path, $"format version {major}.{minor} is not one this reader knows (1.0, 2.0, 3.0).");
        long headerLength;
        int prefixLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            prefixLength = 10;
        }
        else
        {
            if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
                throw new NpyFormatException(path, "truncated in the header length of a version 2.0/3.0 header.");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            prefixLength = 12;
        }
        if (headerLength > MaxHeaderBytes)
            throw new NpyFormatException(path, $"the header claims {headerLength} bytes, more than the {MaxHeaderBytes} this reader accepts.");
        var headerBytes = new byte[headerLength];
        int read = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (read < headerLength)
            throw new NpyFormatException(path, $"truncated in the header: it claims {headerLength} bytes, the file has {read} after the prefix.");
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortran, shape) = HeaderDict.Parse(text, path);
        return new NpyHeader(descr, fortran, shape, checked(prefixLength + (int)headerLength));
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? "nothing" : "0x" + Convert.ToHexString(bytes);
}
