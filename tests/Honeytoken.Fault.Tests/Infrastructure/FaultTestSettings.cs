namespace Honeytoken.Fault.Tests.Infrastructure;

/// <summary>Settings of the fault tests from the environment.</summary>
internal static class FaultTestSettings
{
    /// <summary>The variable that selects the longer runs: set it to <c>full</c>.</summary>
    public const string EnvironmentVariable = "HONEYTOKEN_FAULT_TESTS";

    /// <summary>
    /// Whether the longer runs are selected: 12 tokens in use instead of 6, and 40 s of load
    /// after each fault instead of 10 s, so more events meet the recovering cluster.
    /// </summary>
    public static bool Full =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "full", StringComparison.OrdinalIgnoreCase);
}
