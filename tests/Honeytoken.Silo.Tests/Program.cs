using Orleans.TestingHost;

namespace Honeytoken.Silo.Tests;

/// <summary>
/// Entry point of this assembly when TestCluster starts it as an out-of-process silo. The test
/// runner loads the assembly as a library and never calls it.
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => StandaloneSiloHost.Main(args);
}
