using DistributedKernel;

// A kernel cluster from the command line: `silo` runs a silo, `submit` computes a Fashion-MNIST kernel on the
// cluster into a store on this machine, `status` reads a store's progress, `cancel` stops a store's job, `bench`
// measures the tile throughput of silo processes on this machine against one process, `store-check` runs a large
// kernel through a store and back (NumPy reads it, GpInference from it equals GpInference in memory).
const string Usage = """
    usage: DistributedKernel <command> [options]
      silo    --address IP [--silo-port 11111] [--gateway-port 30000] [--redis 127.0.0.1:6379] [--cluster-id neural-tangents]
      submit  --store-root DIR --store NAME [--count 2000] [--tile 256] [--precision float32|float64] [--embedded] [--redis …] [--cluster-id …]
      status  --store-root DIR --store NAME
      cancel  --store-root DIR --store NAME   (on the submitting machine: the submit stops at its next poll)
      bench   [--count 10000] [--tile 1000] [--silos 2] [--hidden 2] [--redis HOST:PORT] [--embedded]
              tile throughput of silo processes on this machine against one process on all cores (starts its own redis-server without --redis);
              --hidden sets the network's hidden Dense-Relu blocks (more compute per tile, the same bytes);
              runs in the order one process, cluster, cluster, one process
      store-check --dir DIR [--train 20000] [--test 10000] [--tile 2000] [--keep]
              the (train+test)² float32 NNGP and NTK into a store under DIR, read by NumPy, GpInference from the store
              against in memory; times and peak resident memory of each stage (DIR/store is deleted unless --keep)
    """;
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help") return Console.Out.WriteLineAndReturn(Usage, 0);
    var options = Arguments.Parse(args[1..]);
    return args[0] switch
    {
        "silo" => await SiloCommand.RunAsync(options),
        "submit" => await SubmitCommand.RunAsync(options),
        "status" => StatusCommand.Run(options),
        "cancel" => CancelCommand.Run(options),
        "bench" => await BenchCommand.RunAsync(options),
        "store-check" => StoreCheckCommand.Run(options),
        _ => Console.Error.WriteLineAndReturn($"unknown command '{args[0]}'\n{Usage}", 2),
    };
}
catch (ArgumentException invalid)
{
    return Console.Error.WriteLineAndReturn($"error: {invalid.Message}\n{Usage}", 2);
}
