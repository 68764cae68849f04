using System.Diagnostics;

namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>Runs Debian's AWS CLI against the emulator with a given key, isolated from any local AWS configuration.</summary>
public static class AwsCli
{
    public const string Path = "/usr/bin/aws";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the CLI and returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(Uri endpoint, string accessKeyId, string secretAccessKey, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));

        // Nothing from the machine's AWS setup may leak in, and the CLI must never reach the
        // instance metadata address.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "honeytoken-ingestion-tests-no-aws-config");
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = missing;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = missing;
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
