using System.ComponentModel;
using System.Diagnostics;

namespace Honeytoken.Testing.Processes;

/// <summary>The exit code and output of a finished command.</summary>
public sealed record CommandOutcome(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws, with both output streams, unless the command exited with 0.</summary>
    public CommandOutcome EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException(
            $"'{Command}' exited with {ExitCode}.\n--- standard error ---\n{StandardError}\n--- standard output ---\n{StandardOutput}");
}

/// <summary>Runs short commands, such as <c>pg_ctl</c> or <c>kill</c>, to completion with a time limit.</summary>
public static class CommandRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> and returns its exit
    /// code and output. Kills it and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CommandOutcome> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{command}' did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"'{fileName}' could not be started: {exception.Message}.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{command}' did not finish within {timeout.TotalSeconds} s.");
            }

            return new CommandOutcome(command, process.ExitCode, await output, await error);
        }
    }
}
