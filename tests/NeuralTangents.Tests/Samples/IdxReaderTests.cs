using System.Buffers.Binary;
using System.IO.Compression;
using NeuralTangents.Samples.Data;

namespace NeuralTangents.Tests.Samples;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("idx-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>An IDX file of unsigned bytes: magic 00 00 08 rank, big-endian sizes, then the values.</summary>
    private static byte[] Idx(int[] dimensions, byte[] values, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + values.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int axis = 0; axis < dimensions.Length; axis++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * axis), dimensions[axis]);
        values.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(data);
        return buffer.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static readonly byte[] TwelveValues = Enumerable.Range(0, 12).Select(i => (byte)(i * 20 + 1)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_dimensions_and_values_of_plain_and_gzip_files(bool compressed)
    {
        var bytes = Idx(new[] { 3, 2, 2 }, TwelveValues);
        string path = Write(compressed ? "images.gz" : "images", compressed ? Gzip(bytes) : bytes);

        var array = IdxReader.ReadFile(path);

        Assert.Equal(new[] { 3, 2, 2 }, array.Dimensions);
        Assert.Equal(3, array.Count);
        Assert.Equal(4, array.ItemLength);
        Assert.Equal(TwelveValues, array.Values);
    }

    [Fact]
    public void Max_items_keeps_the_first_items_only()
    {
        string path = Write("images.gz", Gzip(Idx(new[] { 3, 2, 2 }, TwelveValues)));

        var first = IdxReader.ReadFile(path, maxItems: 2);
        var all = IdxReader.ReadFile(path, maxItems: 10);

        Assert.Equal(new[] { 2, 2, 2 }, first.Dimensions);
        Assert.Equal(TwelveValues[..8], first.Values);
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public void Labels_have_one_dimension_and_items_of_one_byte()
    {
        var labels = IdxReader.Read(new MemoryStream(Idx(new[] { 5 }, new byte[] { 9, 0, 0, 3, 0 })));

        Assert.Equal(new[] { 5 }, labels.Dimensions);
        Assert.Equal(1, labels.ItemLength);
        Assert.Equal(new byte[] { 9, 0, 0, 3, 0 }, labels.Values);
    }

    [Fact]
    public void Nonzero_magic_is_rejected_with_the_bytes_seen()
    {
        var bytes = Idx(new[] { 1 }, new byte[] { 1 });
        bytes[0] = 0x50;
        bytes[1] = 0x4B;

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), name: "zip.bin"));

        Assert.Contains("zip.bin is not an IDX file", error.Message);
        Assert.Contains("0x50 0x4B", error.Message);
    }

    [Fact]
    public void Other_value_types_are_rejected_with_their_type_code()
    {
        var bytes = Idx(new[] { 1 }, new byte[] { 0, 0, 0, 0 }, type: 0x0D);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes)));

        Assert.Contains("type code 0x0D", error.Message);
        Assert.Contains("unsigned bytes (0x08)", error.Message);
    }

    [Fact]
    public void Zero_dimensions_are_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(new byte[] { 0, 0, 8, 0 })));
        Assert.Contains("0 dimensions", error.Message);
    }

    [Fact]
    public void A_size_beyond_int32_is_rejected()
    {
        var bytes = new byte[] { 0, 0, 8, 1, 0x80, 0, 0, 0 };
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes)));
        Assert.Contains("size 2147483648", error.Message);
    }

    [Theory]
    [InlineData(2, "the 4-byte magic number")]
    [InlineData(9, "the size of dimension 1 of 3")]
    [InlineData(20, "the values of 3 item(s) of 4 byte(s)")]
    public void Truncated_files_say_what_is_missing(int keep, string missing)
    {
        var bytes = Idx(new[] { 3, 2, 2 }, TwelveValues)[..keep];
        string path = Write("truncated.gz", Gzip(bytes));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadFile(path));

        Assert.Contains("ends early", error.Message);
        Assert.Contains(missing, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Negative_max_items_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => IdxReader.Read(new MemoryStream(Idx(new[] { 1 }, new byte[1])), maxItems: -1));
        Assert.Equal("maxItems", error.ParamName);
    }

    [Fact]
    public void Compression_detection_needs_a_seekable_stream()
    {
        var error = Assert.Throws<ArgumentException>(() => IdxReader.ReadPossiblyCompressed(new ForwardOnlyStream(), null, "pipe"));
        Assert.Equal("stream", error.ParamName);
    }

    private sealed class ForwardOnlyStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
