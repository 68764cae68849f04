using Orleans.TestingHost;

namespace Honeytoken.Provisioning.Tests;

/// <summary>
/// Entry point of this assembly when TestCluster starts it as an out-of-process silo, so that
/// the crash tests kill a real process; the test runner loads the assembly as a library.
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => StandaloneSiloHost.Main(args);
}
