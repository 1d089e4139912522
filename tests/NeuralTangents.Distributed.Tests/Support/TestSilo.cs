using Microsoft.Extensions.DependencyInjection;
using NeuralTangents.Distributed;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// The silos of the test clusters: the kernel workers, the shared <see cref="TileLog"/>, and membership that declares
/// a killed silo dead within seconds (probes every second, two missed probes).
/// </summary>
internal sealed class TestSilo : ISiloConfigurator
{
    /// <summary>The limits of the test silos (<see cref="DistributedSiloOptions"/>).</summary>
    public static class Limits
    {
        public const int NetworkCharacters = 64 << 10;
        public const int NetworkDepth = 16;
        public const long InputBytes = 64 << 10;
        public const int Tiles = 1000;

        /// <summary>Tiles of 4 × 4 items in float64 fit (NNGP and NTK 128 bytes each, variances 32 each), of 8 × 8 not.</summary>
        public const long TileBytes = 1000;
    }

    public void Configure(ISiloBuilder silo)
    {
        silo.AddKernelWorkers();
        silo.Services.AddSingleton<ITileListener, TileLog>();
        silo.Services.Configure<DistributedSiloOptions>(options =>
        {
            options.SiloBackoff = TimeSpan.FromMilliseconds(500);
            // Small limits, so that the tests of received jobs exceed them cheaply (the tests' own jobs are far below).
            options.NetworkLimits = NetworkJsonOptions.Default with { MaxLength = Limits.NetworkCharacters, MaxDepth = Limits.NetworkDepth };
            options.MaxInputBytes = Limits.InputBytes;
            options.MaxTiles = Limits.Tiles;
            options.MaxTileBytes = Limits.TileBytes;
        });
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(1);
            membership.NumMissedProbesLimit = 2;
        });
    }

    /// <summary>A started in-process cluster of <paramref name="silos"/> silos, the client connected to the primary.</summary>
    public static async Task<TestCluster> StartClusterAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        // The client goes through the primary's gateway only, so a killed secondary never takes the client's polls with it.
        builder.Options.GatewayPerSilo = false;
        builder.AddSiloBuilderConfigurator<TestSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
