using Microsoft.Extensions.Hosting;
using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary><c>silo</c>: joins the cluster (Redis membership) on the given address and computes tiles until Ctrl+C.</summary>
internal static class SiloCommand
{
    /// <summary>What a silo prints once it is an active member of the cluster.</summary>
    public const string ReadyLine = "silo ready";

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var cluster = arguments.Cluster(silo: true);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseKernelCluster(cluster));
        using var host = builder.Build();
        Console.WriteLine($"silo on {cluster.Address}:{cluster.SiloPort} (gateway {cluster.GatewayPort}), cluster '{cluster.ClusterId}', membership in Redis {cluster.Redis}; Ctrl+C stops it");
        await host.StartAsync();
        // `bench` waits for this line before it submits.
        Console.WriteLine(ReadyLine);
        await host.WaitForShutdownAsync();
        return 0;
    }
}
