using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeuralTangents.Distributed.Tests.Support;

namespace NeuralTangents.Distributed.Tests;

/// <summary>A real cluster: two silos and a client configured as the sample configures them, with membership in Redis.</summary>
public sealed class RedisClusterTests : IDisposable
{
    private readonly TestJob _job = new(items: 16, tileItems: 4);

    public RedisClusterTests() => TileLog.Reset();

    public void Dispose() => _job.Dispose();

    [RedisFact]
    public async Task Two_silos_with_redis_membership_compute_the_kernel_bit_identical_to_one_machine()
    {
        using var redis = await RedisServer.StartAsync();
        string clusterId = "test-" + Guid.NewGuid().ToString("N");
        KernelClusterOptions Options() => new()
        {
            Redis = redis.Configuration, ClusterId = clusterId, Address = IPAddress.Loopback,
            SiloPort = RedisServer.FreePort(), GatewayPort = RedisServer.FreePort(),
        };
        var hosts = new List<IHost>();
        try
        {
            foreach (var silo in new[] { Options(), Options() })
            {
                var builder = Host.CreateApplicationBuilder();
                builder.UseOrleans(s => s.UseKernelCluster(silo).Services.AddSingleton<ITileListener, TileLog>());
                hosts.Add(builder.Build());
                await hosts[^1].StartAsync();
            }
            var clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.UseOrleansClient(c => c.UseKernelCluster(Options()));
            hosts.Add(clientBuilder.Build());
            await hosts[^1].StartAsync();

            using var kernel = await hosts[^1].Services.GetRequiredService<IClusterClient>()
                .ComputeAsync(TestJob.Network, _job.X1, null, _job.Options());

            _job.AssertBitIdenticalToSingleMachine(kernel);
            Assert.Equal(Enumerable.Range(0, _job.TileCount), TileLog.Computed.Select(c => c.Tile).Order());
        }
        finally
        {
            for (int i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync(TimeSpan.FromSeconds(10));
                hosts[i].Dispose();
            }
        }
    }
}
