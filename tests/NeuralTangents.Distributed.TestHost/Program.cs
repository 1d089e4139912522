using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeuralTangents.Distributed;
using NeuralTangents.Distributed.TestHost;
using Orleans.Configuration;

// The processes of the multi-process tests, on loopback only:
//   silo   --redis HOST:PORT --cluster-id ID --silo-port P --gateway-port G --log FILE [--gate FILE]
//   submit --redis HOST:PORT --cluster-id ID --store-root DIR --store NAME --items N
// A silo prints "ready" once it is an active member of the cluster and runs until killed; submit computes
// MultiProcessJob into the store, printing one line per stored tile, and exits 0 when the kernel is complete.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Fail($"expected an option, got '{args[i]}'");
    options[args[i][2..]] = args[i + 1];
}
string Text(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
int Int(string name) => int.Parse(Text(name), CultureInfo.InvariantCulture);
var cluster = new KernelClusterOptions { Redis = Text("redis"), ClusterId = Text("cluster-id"), Address = IPAddress.Loopback };
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
switch (args.FirstOrDefault())
{
    case "silo":
        cluster.SiloPort = Int("silo-port");
        cluster.GatewayPort = Int("gateway-port");
        var log = new FileTileLog(Text("log"), options.GetValueOrDefault("gate"));
        builder.UseOrleans(silo =>
        {
            silo.UseKernelCluster(cluster);
            silo.Services.AddSingleton<ITileListener>(log);
            silo.Services.Configure<DistributedSiloOptions>(distributed => distributed.SiloBackoff = TimeSpan.FromMilliseconds(500));
            // A killed silo is declared dead within seconds: probed every second, dead after two missed probes. Liveness
            // rows are rewritten every second, so a silo restarted on the same port does not wait for (or try to reach)
            // the rows its killed predecessors left: they count as stale after two missed updates.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumMissedProbesLimit = 2;
                membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            });
            // No directory lease after a crash: the lease keeps a silo that was declared dead but still runs from hosting a
            // second activation of a grain; the tests' silos are dead for certain (SIGKILL), and the restarted cluster's
            // job grain would otherwise wait out the default 30 s lease of its killed predecessor.
            silo.Configure<GrainDirectoryOptions>(directory => directory.RangeLeaseDuration = TimeSpan.Zero);
        });
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Console.WriteLine("ready");
            await host.WaitForShutdownAsync();
        }
        return 0;
    case "submit":
        // A call whose answer was on its way through a killed silo's gateway is given up after 5 s, not 30 s.
        builder.UseOrleansClient(client => client.UseKernelCluster(cluster)
            .Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5)));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var progress = new Progress<DistributedProgress>(p => Console.WriteLine($"stored {p.TilesDone}/{p.TilesTotal} resumed {p.TilesResumed}"));
            using var kernel = await host.Services.GetRequiredService<IClusterClient>().ComputeAsync(MultiProcessJob.Network,
                MultiProcessJob.Inputs(Int("items")), null, MultiProcessJob.Options(Text("store-root"), Text("store"), progress));
            Console.WriteLine("done");
            await host.StopAsync();
        }
        return 0;
    default:
        return Fail($"unknown command '{args.FirstOrDefault()}'; expected silo or submit");
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
