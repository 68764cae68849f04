using System.Diagnostics;
using System.Globalization;

namespace Honeytoken.Testing.Processes;

/// <summary>What a <see cref="ChildProcess"/> runs: the program, its arguments and environment.</summary>
/// <param name="Name">A short name for messages and the log file, such as <c>silo-2</c>.</param>
/// <param name="FileName">The program, such as <c>dotnet</c>.</param>
/// <param name="Arguments">The command-line arguments.</param>
/// <param name="Environment">Variables added to the test process's environment; a null value removes one.</param>
/// <param name="LogFile">The file that receives standard output and standard error, appended to on every start.</param>
/// <param name="WorkingDirectory">The working directory; default the folder of the first argument.</param>
public sealed record ChildProcessSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string LogFile,
    string? WorkingDirectory = null);

/// <summary>
/// A long-running process that a test starts and then kills (SIGKILL), stops (SIGTERM) or
/// starts again, such as a silo. Its output goes to a log file, so that a failing test can
/// point at it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StreamWriter log;
    private bool logClosed;

    private ChildProcess(ChildProcessSpec spec, Process process, StreamWriter log)
    {
        Spec = spec;
        this.process = process;
        this.log = log;
    }

    public ChildProcessSpec Spec { get; }

    public string Name => Spec.Name;

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts the process described by <paramref name="spec"/>.</summary>
    public static ChildProcess Start(ChildProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);

        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory
                ?? Path.GetDirectoryName(spec.Arguments.FirstOrDefault(File.Exists) ?? "")
                ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(spec.LogFile))!);
        var log = new StreamWriter(spec.LogFile, append: true) { AutoFlush = true };
        log.WriteLine($"--- {DateTimeOffset.UtcNow:O} starting {spec.Name}: {spec.FileName} {string.Join(' ', spec.Arguments)}");

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"The {spec.Name} process did not start.");
        var child = new ChildProcess(spec, process, log);
        process.OutputDataReceived += (_, line) => child.Append(line.Data);
        process.ErrorDataReceived += (_, line) => child.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts a new process from the same <see cref="Spec"/>; this one must have exited.</summary>
    public ChildProcess StartAgain()
    {
        if (!process.HasExited)
        {
            throw new InvalidOperationException($"The {Name} process (pid {ProcessId}) is still running; stop it before starting it again.");
        }

        return Start(Spec);
    }

    /// <summary>Sends SIGKILL, which the process cannot handle, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Append($"--- {DateTimeOffset.UtcNow:O} killed with SIGKILL by the test");
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Sends SIGTERM, as the kubelet does before it stops a pod, and waits for the exit. A
    /// process still running after <paramref name="timeout"/> is killed and the call throws
    /// <see cref="TimeoutException"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        Append($"--- {DateTimeOffset.UtcNow:O} stopped with SIGTERM by the test");
        var signal = await CommandRunner.RunAsync("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)], CommandTimeout);
        signal.EnsureSuccess();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The {Name} process did not stop within {timeout.TotalSeconds} s of SIGTERM; see {Spec.LogFile}.");
        }
    }

    /// <summary>Returns the last <paramref name="count"/> lines of the log file.</summary>
    public string Tail(int count = 40)
    {
        lock (log)
        {
            using var reader = new FileStream(Spec.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            var lines = text.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Output that arrives after the exit is dropped rather than written to a closed file.
        lock (log)
        {
            logClosed = true;
            log.Dispose();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }
}
