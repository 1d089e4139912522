using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary>A started client of the cluster the options name.</summary>
internal static class ClusterConnection
{
    public static async Task<IHost> StartAsync(KernelClusterOptions cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseKernelCluster(cluster));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
