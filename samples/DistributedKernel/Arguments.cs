using System.Globalization;
using System.Net;
using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary>The <c>--name value</c> options of a command (flags without a value are "true").</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values;

    private Arguments(Dictionary<string, string> values) => _values = values;

    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            bool flag = i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[args[i][2..]] = flag ? "true" : args[++i];
        }
        return new Arguments(values);
    }

    public string Text(string name, string? fallback = null) =>
        _values.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => _values.ContainsKey(name);

    /// <summary>The cluster options: Redis, cluster id, and for a silo its address and ports.</summary>
    public KernelClusterOptions Cluster(bool silo)
    {
        var options = new KernelClusterOptions { Redis = Text("redis", "127.0.0.1:6379"), ClusterId = Text("cluster-id", "neural-tangents") };
        if (!silo) return options;
        options.Address = IPAddress.Parse(Text("address"));
        options.SiloPort = Int("silo-port", options.SiloPort);
        options.GatewayPort = Int("gateway-port", options.GatewayPort);
        return options;
    }

    /// <summary>The store folder, confined to --store-root.</summary>
    public string StoreFolder() => StorePaths.Resolve(Text("store-root"), Text("store"));
}
