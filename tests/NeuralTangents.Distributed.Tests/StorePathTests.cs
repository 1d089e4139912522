using NeuralTangents.Distributed.Tests.Support;
using Orleans.TestingHost;

namespace NeuralTangents.Distributed.Tests;

/// <summary>Stores stay inside their root: no NUL characters, no symbolic links below the root or among a store's files.</summary>
public sealed class StorePathTests : IClassFixture<BadInputTests.OneSilo>, IDisposable
{
    private readonly TestJob _job = new(items: 8, tileItems: 4);
    private readonly TestCluster _cluster;
    private readonly string _outside = Directory.CreateTempSubdirectory("nt-outside-").FullName;

    public StorePathTests(BadInputTests.OneSilo silo)
    {
        _cluster = silo.Cluster;
        TileLog.Reset();
    }

    public void Dispose()
    {
        _job.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public void Store_name_with_a_nul_character_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => StorePaths.Resolve(_job.Root, "kernel\0.npy"));

        Assert.Equal("store", error.ParamName);
        Assert.StartsWith(@"The store 'kernel\0.npy' contains a NUL character.", error.Message);
    }

    [Theory]
    [InlineData("link")]
    [InlineData("link/kernel")]
    public void Store_through_a_symbolic_link_below_the_root_is_refused(string store)
    {
        Directory.CreateSymbolicLink(Path.Combine(_job.Root, "link"), _outside);

        var error = Assert.Throws<ArgumentException>(() => StorePaths.Resolve(_job.Root, store));

        Assert.Equal("store", error.ParamName);
        Assert.StartsWith($"The store '{store}' passes through {Path.Combine(_job.Root, "link")}, a symbolic link (to {_outside})", error.Message);
    }

    [Fact]
    public void Store_root_reached_through_a_link_is_accepted()
    {
        string linkedRoot = Path.Combine(_outside, "root-link");
        Directory.CreateSymbolicLink(linkedRoot, _job.Root);

        Assert.Equal(Path.Combine(linkedRoot, "kernel"), StorePaths.Resolve(linkedRoot, "kernel"));
    }

    [Theory]
    [InlineData("nngp.npy")]
    [InlineData("progress.txt")]
    public async Task Store_whose_job_file_is_a_symbolic_link_is_refused_before_anything_is_written(string file)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_job.Root, "kernel")).FullName;
        string target = Path.Combine(_outside, "target");
        File.WriteAllText(target, "not a kernel");
        File.CreateSymbolicLink(Path.Combine(folder, file), target);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options()));

        Assert.StartsWith($"{Path.Combine(folder, file)} is a symbolic link (to {target})", error.Message);
        Assert.Equal("not a kernel", File.ReadAllText(target));
        Assert.Equal([Path.Combine(folder, file)], Directory.EnumerateFileSystemEntries(folder));
        Assert.Empty(TileLog.Computed);
    }
}
