using System.Diagnostics;
using System.Text;
using Honeytoken.Deploy.Tests.Infrastructure;

namespace Honeytoken.Deploy.Tests.Published;

/// <summary>
/// Runs a published .NET application under the constraints that its container image and
/// pod impose: a non-root user, no new privileges and no capabilities, a read-only
/// application folder and a private writable /tmp.
/// </summary>
/// <remarks>
/// As root, the process gets a mount namespace of its own (util-linux <c>unshare</c>), in
/// which the application folder is bind-mounted read-only and /tmp is an empty tmpfs, and
/// then switches to the unprivileged <see cref="UserName"/> with <c>setpriv</c>. The rest of
/// the root filesystem stays as it is, but that user cannot write to it except in /var/tmp
/// and /dev/shm. As any other user the process runs as that user, with the application
/// folder's write permissions removed and TMPDIR pointing at a private folder.
/// NOTE: Only the root path has been run so far, because CI and deploy/local/test.sh run as root.
/// </remarks>
internal sealed class ConstrainedProcess : IAsyncDisposable
{
    /// <summary>The unprivileged account that the processes run as when the tests run as root.</summary>
    public const string UserName = "honeytoken-app";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    // Mounts are private to the namespace, so nothing here outlives the process.
    private const string IsolationScript = """
        set -e
        app="$1"; user="$2"; shift 2
        mount --bind "$app" "$app"
        mount -o remount,bind,ro "$app"
        mount -t tmpfs -o mode=1777,size=64m tmpfs /tmp
        exec setpriv --reuid="$user" --regid="$user" --clear-groups --no-new-privs --bounding-set=-all -- "$@"
        """;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string? privateTemp;

    private ConstrainedProcess(Process process, string name, string? privateTemp)
    {
        this.process = process;
        this.privateTemp = privateTemp;
        Name = name;
    }

    public string Name { get; }

    public int ProcessId => process.Id;

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
    /// Starts <c>dotnet <paramref name="assembly"/></c> from <paramref name="applicationDirectory"/>
    /// with only <paramref name="environment"/> and the variables the runtime needs.
    /// </summary>
    public static async Task<ConstrainedProcess> StartAsync(
        string name, string applicationDirectory, string assembly, IReadOnlyDictionary<string, string> environment)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = applicationDirectory,
        };

        string? privateTemp = null;
        if (Environment.IsPrivilegedProcess)
        {
            await EnsureUserExistsAsync();

            startInfo.FileName = "unshare";
            foreach (var argument in (string[])["--mount", "--propagation", "private", "--", "/bin/sh", "-c", IsolationScript, "sh",
                         applicationDirectory, UserName, dotnet, Path.Combine(applicationDirectory, assembly)])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            MakeReadOnly(applicationDirectory);
            privateTemp = Directory.CreateTempSubdirectory($"honeytoken-{name}-").FullName;

            startInfo.FileName = dotnet;
            startInfo.ArgumentList.Add(Path.Combine(applicationDirectory, assembly));
        }

        // A clean environment, as in a container: nothing leaks in from the test host.
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        startInfo.Environment["HOME"] = applicationDirectory;
        startInfo.Environment["TMPDIR"] = privateTemp ?? "/tmp";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"The {name} process did not start.");
        var constrained = new ConstrainedProcess(process, name, privateTemp);
        process.OutputDataReceived += (_, line) => constrained.Append(line.Data);
        process.ErrorDataReceived += (_, line) => constrained.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return constrained;
    }

    /// <summary>The real and effective user ids of the running process, from /proc.</summary>
    public async Task<(int Real, int Effective)> ReadUserIdsAsync()
    {
        var status = await File.ReadAllLinesAsync($"/proc/{ProcessId}/status");
        var fields = status.Single(line => line.StartsWith("Uid:", StringComparison.Ordinal))
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Sends SIGTERM, as the kubelet does, and returns the exit code; throws
    /// <see cref="TimeoutException"/> when the process is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var kill = await ProcessRunner.RunAsync("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], CommandTimeout);
        kill.EnsureSuccess();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The {Name} process did not stop within {timeout.TotalSeconds} s of SIGTERM. Output:\n{Output}");
        }

        return process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        if (privateTemp is not null)
        {
            Directory.Delete(privateTemp, recursive: true);
        }

        return ValueTask.CompletedTask;
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

    private static async Task EnsureUserExistsAsync()
    {
        var lookup = await ProcessRunner.RunAsync("id", ["-u", UserName], CommandTimeout);
        if (lookup.ExitCode == 0)
        {
            return;
        }

        // Several test processes may race here; a second useradd fails with exit code 9
        // ("username already in use"), which is as good as success.
        var create = await ProcessRunner.RunAsync(
            "useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", UserName], CommandTimeout);
        if (create.ExitCode is not (0 or 9))
        {
            create.EnsureSuccess();
        }
    }

    private static void MakeReadOnly(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }

        foreach (var folder in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Append(directory))
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }
}
