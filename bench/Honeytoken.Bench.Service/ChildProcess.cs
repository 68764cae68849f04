using System.Diagnostics;
using System.Globalization;

namespace Honeytoken.Bench.Service;

/// <summary>
/// A process of the service that the harness started, with its output appended to a log
/// file. Disposing it stops the process with SIGTERM, and kills it when it does not exit.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    // Processes still running when the harness exits, for example on SIGTERM or Ctrl+C,
    // are killed so that no silo or emulator outlives the run.
    private static readonly HashSet<Process> Running = [];

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillRunning();
        Console.CancelKeyPress += (_, _) => KillRunning();
    }

    private readonly Process process;
    private readonly StreamWriter log;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="assembly"/></c> in the assembly's folder, so it reads the appsettings.json beside it.</summary>
    public static ChildProcess StartDotnet(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        log.WriteLine($"----- the benchmark started {name} at {DateTimeOffset.UtcNow:O} -----");
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{name} did not start: dotnet returned no process.");
        lock (Running)
        {
            Running.Add(process);
        }

        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, line) => child.Write(line.Data);
        process.ErrorDataReceived += (_, line) => child.Write(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Returns the resident set size in bytes, read from <c>/proc/PID/status</c> (VmRSS).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{process.Id}/status of {Name} has no VmRSS line.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM lets the host stop in order: a silo leaves the membership table.
            // Process.Kill would send SIGKILL, so the signal goes through kill(1).
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using (var deadline = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        lock (Running)
        {
            Running.Remove(process);
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private static void KillRunning()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited already.
                }
            }

            Running.Clear();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
