namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A test that needs Debian's <c>redis-server</c> (the membership table of a real cluster): skipped, saying why,
/// on a machine without it. CI installs it (<c>.ci/run</c>), so there these tests always run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    /// <summary>Skips the test when <see cref="RedisServer.Executable"/> is missing.</summary>
    public RedisFactAttribute()
    {
        if (!File.Exists(RedisServer.Executable))
            Skip = $"{RedisServer.Executable} is missing: install Debian's redis-server (.ci/run does) to run the tests of a cluster with Redis membership.";
    }
}
