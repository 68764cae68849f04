using System.ComponentModel;
using System.Diagnostics;

namespace Honeytoken.Deploy.Tests.Infrastructure;

/// <summary>The outcome of a finished command.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws, with both output streams, unless the command exited with 0.</summary>
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Command}' exited with {ExitCode}.\n--- standard error ---\n{StandardError}\n--- standard output ---\n{StandardOutput}");
        }

        return this;
    }
}

/// <summary>Runs short commands to completion, with a time limit.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> and returns its exit
    /// code and output. Kills the command and throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Start(startInfo, command);

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

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

        return new CommandResult(command, process.ExitCode, await output, await error);
    }

    private static Process Start(ProcessStartInfo startInfo, string command)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"'{command}' did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"'{startInfo.FileName}' could not be started ({exception.Message}). The deploy tests need kubectl, " +
                "node and npm on PATH, and util-linux (unshare, setpriv) when run as root.", exception);
        }
    }
}
