using System.Numerics;
using System.Text.Json;
using NeuralTangents.Storage;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Storage;

public sealed class NpyFileTests : IDisposable
{
    private readonly string _folder = NumPy.TemporaryFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<int[]> Shapes => new() { new[] { 7 }, new[] { 5, 3 }, new[] { 4, 2, 3 }, new[] { 0, 3 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_file_written_here_is_read_by_numpy_mmap_with_equal_values(int[] shape) => WrittenFileReadsInNumPy<float>(shape, "<f4");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float64_file_written_here_is_read_by_numpy_mmap_with_equal_values(int[] shape) => WrittenFileReadsInNumPy<double>(shape, "<f8");

    [Theory]
    [InlineData("float32", "1, 0")]
    [InlineData("float64", "1, 0")]
    [InlineData("float32", "2, 0")]
    [InlineData("float64", "3, 0")]
    public void File_numpy_writes_is_read_with_equal_values(string dtype, string version)
    {
        string path = Path.Combine(_folder, "a.npy");
        string json = NumPy.Run($$"""
            a = (np.sin(np.arange(24).reshape(2, 3, 4) * 0.7) * 1e3).astype(np.{{dtype}})
            with open(sys.argv[1], 'wb') as f:
                np.lib.format.write_array(f, a, version=({{version}}))
            print(json.dumps([float(v) for v in a.ravel()]))
            """, path);
        var expected = JsonSerializer.Deserialize<double[]>(json)!;
        var actual = dtype == "float32" ? Doubles(NpyFile<float>.Load(path)) : Doubles(NpyFile<double>.Load(path));
        Assert.Equal(expected, actual.Values);
        Assert.Equal(new[] { 2, 3, 4 }, actual.Shape);
    }

    [Fact]
    public void Blocks_written_one_by_one_read_back_as_the_whole_matrix()
    {
        string path = Path.Combine(_folder, "blocks.npy");
        var whole = Tensor<double>.FromFunction(new[] { 5, 7, 2 }, i => Math.Cos(i) * i);
        using (var file = NpyFile<double>.Create(path, whole.Shape))
        {
            foreach (var (row, rows) in new[] { (0, 3), (3, 2) })
                foreach (var (column, columns) in new[] { (0, 4), (4, 3) })
                {
                    var block = new double[rows * columns * 2];
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < columns; c++)
                            for (int s = 0; s < 2; s++) block[(r * columns + c) * 2 + s] = whole[row + r, column + c, s];
                    file.WriteBlock(row, column, rows, columns, block);
                }
        }
        Assert.Equal(whole.Data, NumPy.LoadMemoryMapped(path).Values);
        using var reopened = NpyFile<double>.Open(path);
        var middle = new double[2 * 3 * 2];
        reopened.ReadBlock(1, 2, 2, 3, middle);
        Assert.Equal(new[] { whole[1, 2, 0], whole[1, 2, 1], whole[1, 3, 0], whole[1, 3, 1], whole[1, 4, 0], whole[1, 4, 1] }, middle[..6]);
        Assert.Equal(whole[2, 4, 1], middle[^1]);
    }

    [Fact]
    public void Slice_reads_and_writes_its_block_of_the_file_and_slices_of_slices_compose()
    {
        string path = Path.Combine(_folder, "sliced.npy");
        var whole = Tensor<float>.FromFunction(new[] { 6, 5, 2 }, i => i);
        NpyFile<float>.Save(path, whole);
        using (var file = NpyFile<float>.Open(path, writable: true))
        {
            var block = file.Slice(1, 4, 2, 3);
            Assert.True(block.IsView);
            Assert.Equal(new[] { 4, 3, 2 }, block.Shape);
            Assert.Equal(6, block.RowLength);
            var rows = new float[2 * 6];
            block.ReadRows(1, rows);
            // Rows 2 and 3 of the file, columns 2 to 4, both entries of the last axis.
            float[] expected = [.. Enumerable.Range(2, 2).SelectMany(r => Enumerable.Range(2 * 2, 3 * 2).Select(c => whole.Data[r * 10 + c]))];
            Assert.Equal(expected, rows);
            var corner = block.Slice(2, 2, 1, 2);
            var read = new float[2 * 2 * 2];
            corner.ReadBlock(0, 0, 2, 2, read);
            Assert.Equal([.. Enumerable.Range(3, 2).SelectMany(r => Enumerable.Range(3 * 2, 2 * 2).Select(c => whole.Data[r * 10 + c]))], read);
            corner.WriteRows(0, Enumerable.Repeat(-1f, 8).ToArray());
            var written = file.SliceRows(3, 2).ToTensor();
            Assert.Equal(new[] { 2, 5, 2 }, written.Shape);
            Assert.Equal(new float[] { 34, 35, -1, -1, -1, -1, 40, 41 }, written.Data[4..12]);
            Assert.Throws<ArgumentOutOfRangeException>(() => block.Slice(3, 2, 0, 1));
            block.Dispose();
            Assert.Equal(-1f, file.ToTensor()[3, 4, 1]);
        }
        var changed = NumPy.LoadMemoryMapped(path).Values;
        Assert.Equal(60 - 8, changed.Zip(whole.Data).Count(pair => pair.First == pair.Second));
    }

    [Fact]
    public void Slice_of_a_disposed_file_refuses_reads()
    {
        string path = Path.Combine(_folder, "closed.npy");
        NpyFile<float>.Save(path, Tensor<float>.Zeros(3, 3));
        var file = NpyFile<float>.Open(path);
        var slice = file.Slice(0, 2, 0, 2);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => slice.ReadRows(0, new float[2]));
    }

    [Fact]
    public void Header_too_long_for_version_1_is_written_as_version_2_and_read_back()
    {
        var shape = Enumerable.Repeat(1, 30_000).ToArray();
        var bytes = NpyHeader.Format("<f4", shape);
        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, bytes.Length % 64);
        var header = NpyHeader.Read(new MemoryStream(bytes), "long.npy");
        Assert.Equal(shape, header.Shape);
        Assert.Equal(bytes.Length, header.DataOffset);
        Assert.Equal(1, NpyHeader.Format("<f4", new[] { 3, 4 })[6]);
    }

    [Fact]
    public void Existing_file_is_refused_unless_overwrite_is_asked()
    {
        string path = Path.Combine(_folder, "exists.npy");
        NpyFile<float>.Save(path, Tensor<float>.Zeros(2, 2));
        Assert.Throws<IOException>(() => NpyFile<float>.Create(path, new[] { 3 }));
        NpyFile<float>.Save(path, Tensor<float>.FromFunction(new[] { 3 }, i => i), overwrite: true);
        Assert.Equal(new[] { 3 }, NpyFile<float>.Load(path).Shape);
    }

    [Fact]
    public void Float64_file_opened_as_float32_names_both_dtypes()
    {
        string path = Save("np.save(sys.argv[1], np.zeros((2, 2)))");
        var error = Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path));
        AssertNames(error, path, "float64 ('<f8')", "float32 ('<f4')");
    }

    [Fact]
    public void Big_endian_file_names_its_byte_order()
    {
        string path = Save("np.save(sys.argv[1], np.zeros((2, 2), dtype='>f4'))");
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path)), path, "big-endian float32 ('>f4')", "float32 ('<f4')");
    }

    [Fact]
    public void Fortran_order_file_is_refused_with_the_order_named()
    {
        string path = Save("np.save(sys.argv[1], np.asfortranarray(np.zeros((2, 3), dtype=np.float32)))");
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path)), path, "Fortran (column-major) order", "C order");
    }

    [Fact]
    public void Truncated_file_names_its_length_and_the_length_expected()
    {
        string path = Save("np.save(sys.argv[1], np.zeros((4, 4), dtype=np.float32))");
        long full = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(full - 4);
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path)), path, $"is {full - 4} bytes", $"expected {full}", "truncated");
    }

    [Fact]
    public void File_truncated_inside_its_header_is_refused()
    {
        string path = Save("np.save(sys.argv[1], np.zeros((4, 4), dtype=np.float32))");
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(30);
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path)), path, "truncated in the header");
    }

    [Fact]
    public void Shape_other_than_the_one_expected_names_both_shapes()
    {
        string path = Save("np.save(sys.argv[1], np.zeros((3, 5), dtype=np.float32))");
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path, new[] { 5, 3 })), path, "shape (3, 5)", "expected (5, 3)");
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "lacks 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, x), }", "expected a non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }", "expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1}", "unexpected key 'extra'")]
    [InlineData("['descr', '<f4']", "expected '{'")]
    public void Malformed_header_names_the_problem_and_the_text_found(string dict, string problem)
    {
        string path = Path.Combine(_folder, "bad.npy");
        var header = System.Text.Encoding.ASCII.GetBytes(dict.PadRight(117) + "\n");
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. header, .. new byte[12]]);
        var error = Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path));
        AssertNames(error, path, "malformed header", problem, dict);
    }

    [Fact]
    public void File_without_the_magic_string_is_refused()
    {
        string path = Path.Combine(_folder, "text.npy");
        File.WriteAllText(path, "a,b,c\n1,2,3\n");
        AssertNames(Assert.Throws<NpyFormatException>(() => NpyFile<float>.Open(path)), path, "not a .npy file", "\\x93NUMPY");
    }

    [Fact]
    public void Read_only_file_refuses_writes()
    {
        string path = Path.Combine(_folder, "ro.npy");
        NpyFile<float>.Save(path, Tensor<float>.Zeros(2, 2));
        using var file = NpyFile<float>.Open(path);
        Assert.Throws<InvalidOperationException>(() => file.WriteRows(0, new float[2]));
    }

    private void WrittenFileReadsInNumPy<T>(int[] shape, string dtype) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(_folder, "written.npy");
        var tensor = Tensor<T>.FromFunction(shape, i => T.CreateTruncating(Math.Sin(i * 1.3) * 1e4 / 3));
        NpyFile<T>.Save(path, tensor);
        var (actualDtype, actualShape, cOrder, values) = NumPy.LoadMemoryMapped(path);
        Assert.Equal(dtype, actualDtype);
        Assert.Equal(shape, actualShape);
        Assert.True(cOrder);
        Assert.Equal(tensor.Data.Select(double.CreateTruncating), values);
        Assert.Equal(tensor.Data, NpyFile<T>.Load(path, shape).Data);
    }

    private string Save(string script)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.npy");
        NumPy.Run(script, path);
        return path;
    }

    private static (int[] Shape, double[] Values) Doubles<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T> =>
        (tensor.Shape, tensor.Data.Select(double.CreateTruncating).ToArray());

    private static void AssertNames(NpyFormatException error, string path, params string[] parts)
    {
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        foreach (var part in parts) Assert.Contains(part, error.Message);
    }
}
