using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Honeytoken.Telemetry.Tests.Infrastructure;

/// <summary>
/// The silo or the Api, run with <c>dotnet</c> from its build output folder as
/// <c>deploy/local/run.sh</c> runs it, so that the test exercises the process's own hosting
/// code and reads its own meters, unmixed with any other host's.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();

    private HostProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    /// <summary>What the process wrote to standard output and standard error so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="project"/> (such as <c>Silo/Honeytoken.Silo</c>) from its output
    /// folder for the tests' own build configuration, with <paramref name="environment"/> added
    /// to this process's environment.
    /// </summary>
    public static HostProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment)
    {
        var directory = OutputDirectory(project);
        var assembly = Path.GetFileName(project) + ".dll";
        if (!File.Exists(Path.Combine(directory, assembly)))
        {
            throw new InvalidOperationException($"{assembly} is not in {directory}; build the solution in the tests' configuration first.");
        }

        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        startInfo.ArgumentList.Add(assembly);

        // A collector configured on the machine running the tests must not receive test traffic.
        foreach (var variable in startInfo.Environment.Keys.Where(key => key.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var started = Process.Start(startInfo) ?? throw new InvalidOperationException($"The {name} process did not start.");
        var host = new HostProcess(started, name);
        started.OutputDataReceived += (_, line) => host.Append(line.Data);
        started.ErrorDataReceived += (_, line) => host.Append(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGKILL: the test database, with the silo's membership row, is dropped next.
            process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(deadline.Token);
        }

        process.Dispose();
    }

    private static string OutputDirectory(string project)
    {
        var configuration = typeof(HostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(RepositoryRoot(), project, "bin", configuration, "net10.0");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HoneytokenOrleans.sln found above {AppContext.BaseDirectory}.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
