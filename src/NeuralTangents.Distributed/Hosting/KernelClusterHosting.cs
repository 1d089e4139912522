using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace NeuralTangents.Distributed;

/// <summary>Configures silos and clients of a kernel cluster: Redis membership, explicit endpoints, the workers' placement.</summary>
public static class KernelClusterHosting
{
    /// <summary>
    /// Adds the job and worker grains' services to a silo (the workers' placement and <see cref="DistributedSiloOptions"/>).
    /// Enough on its own for a silo whose clustering is configured elsewhere (an Orleans test cluster).
    /// </summary>
    /// <param name="silo">The silo.</param>
    public static ISiloBuilder AddKernelWorkers(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<DistributedSiloOptions>();
        silo.Services.AddPlacementDirector<SiloTargetedPlacement, SiloTargetedPlacementDirector>();
        return silo;
    }

    /// <summary>
    /// Makes <paramref name="silo"/> a member of the kernel cluster <paramref name="options"/> describes: Redis membership,
    /// listening and advertising on <see cref="KernelClusterOptions.Address"/> only, the tile timeout, and the workers.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The cluster and the silo's address.</param>
    public static ISiloBuilder UseKernelCluster(this ISiloBuilder silo, KernelClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        silo.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
        silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = options.Address;
            endpoints.SiloPort = options.SiloPort;
            endpoints.GatewayPort = options.GatewayPort;
            endpoints.SiloListeningEndpoint = new IPEndPoint(options.Address, options.SiloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(options.Address, options.GatewayPort);
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.TileTimeout);
        // The strongly consistent directory: when a silo dies, the survivors take over its share of the directory by
        // asking each other for their activations, so a job grain whose directory entry lived on the dead silo keeps
        // running (with its tiles) instead of being deactivated and restarted empty, as the default eventually
        // consistent directory does. Experimental in Orleans 10 (ORLEANSEXP003).
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        return silo.AddKernelWorkers();
    }

    /// <summary>Connects <paramref name="client"/> to the kernel cluster <paramref name="options"/> describes (Redis membership, its gateways).</summary>
    /// <param name="client">The client.</param>
    /// <param name="options">The cluster.</param>
    public static IClientBuilder UseKernelCluster(this IClientBuilder client, KernelClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        client.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
        client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        return client;
    }
}
