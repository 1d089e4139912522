using System.Net;

namespace NeuralTangents.Distributed;

/// <summary>
/// Where a silo or client finds the cluster and, for a silo, the addresses it binds to. Silos listen only on
/// <see cref="Address"/> (no wildcard), which is also the address they advertise.
/// </summary>
public sealed class KernelClusterOptions
{
    /// <summary>The Redis server of the membership table, a StackExchange.Redis configuration string (<c>host:port</c>).</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>The cluster's id; silos and clients of one cluster share it. Default <c>neural-tangents</c>.</summary>
    public string ClusterId { get; set; } = "neural-tangents";

    /// <summary>The service's id (stable across restarts). Default <c>neural-tangents</c>.</summary>
    public string ServiceId { get; set; } = "neural-tangents";

    /// <summary>The address a silo binds to and advertises. Default the loopback address.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The longest a tile may take before its call times out and it goes to another silo. Default 30 minutes.</summary>
    public TimeSpan TileTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
