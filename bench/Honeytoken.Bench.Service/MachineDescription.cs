using System.Runtime.InteropServices;

namespace Honeytoken.Bench.Service;

/// <summary>The machine a run measured on, read from /proc and /etc/os-release.</summary>
public static class MachineDescription
{
    public static string Describe(string postgresVersion)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(line => line.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kilobytes = long.Parse(memory["MemTotal:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "unknown";
        return $"{Environment.ProcessorCount} CPUs ({cpu}), {kilobytes / 1024.0 / 1024.0:0.0} GiB memory, {os}, kernel {Environment.OSVersion.Version}, " +
            $"{RuntimeInformation.FrameworkDescription}, {postgresVersion}";
    }
}
