using System.Diagnostics;

namespace Honeytoken.AwsEmulator.Tests.Infrastructure;

/// <summary>Output of a client process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// Runs AWS clients that this project did not write: Debian's AWS CLI v2 and boto3 under
/// Debian's Python. Paths are explicit because a pip-installed AWS CLI v1 and a pyenv
/// Python come first on PATH on the build machines.
/// </summary>
public static class ExternalClients
{
    public const string AwsCliPath = "/usr/bin/aws";
    public const string PythonPath = "/usr/bin/python3";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<Task<string?>> Boto3Problem = new(CheckBoto3Async);

    /// <summary>Fails the test with the package to install when the AWS CLI v2 is missing.</summary>
    public static void RequireAwsCli()
    {
        Assert.True(File.Exists(AwsCliPath), $"AWS CLI v2 not found at {AwsCliPath}; install the Debian package: apt-get install -y awscli");
    }

    /// <summary>Fails the test with the package to install when boto3 is missing.</summary>
    public static async Task RequireBoto3Async()
    {
        var problem = await Boto3Problem.Value;
        Assert.True(problem is null, problem);
    }

    /// <summary>Runs <c>aws</c> against the emulator with the given key and a clean AWS environment.</summary>
    public static Task<ProcessResult> AwsAsync(Uri endpoint, AccessKeyPair credentials, params string[] arguments) =>
        AwsAsync(endpoint, credentials, new Dictionary<string, string>(), arguments);

    public static Task<ProcessResult> AwsAsync(Uri endpoint, AccessKeyPair credentials, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        RequireAwsCli();
        var allArguments = new List<string> { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json" };
        allArguments.AddRange(arguments);
        return RunAsync(AwsCliPath, allArguments, Environment(credentials, environment));
    }

    /// <summary>Runs a Python script with boto3; the script reads ENDPOINT and the AWS_* variables.</summary>
    public static async Task<ProcessResult> Boto3Async(Uri endpoint, AccessKeyPair credentials, string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        await RequireBoto3Async();
        var path = Path.Combine(Path.GetTempPath(), $"boto3-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var variables = Environment(credentials, environment ?? new Dictionary<string, string>());
            variables["ENDPOINT"] = endpoint.ToString().TrimEnd('/');
            return await RunAsync(PythonPath, [path], variables);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<string, string> Environment(AccessKeyPair credentials, IReadOnlyDictionary<string, string> extra)
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-aws-config-" + Guid.NewGuid().ToString("N"));
        var variables = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = credentials.Region,
            ["AWS_REGION"] = credentials.Region,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = missing,
            ["AWS_SHARED_CREDENTIALS_FILE"] = missing,
            ["AWS_PAGER"] = "",
            ["AWS_MAX_ATTEMPTS"] = "3",
            ["AWS_RETRY_MODE"] = "standard",
        };
        if (credentials.SessionToken is not null)
        {
            variables["AWS_SESSION_TOKEN"] = credentials.SessionToken;
        }

        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return variables;
    }

    private static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Start from a clean slate: no inherited AWS settings or proxies.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.Contains("proxy", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {ProcessTimeout}.");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private static async Task<string?> CheckBoto3Async()
    {
        if (!File.Exists(PythonPath))
        {
            return $"Python 3 not found at {PythonPath}; install the Debian packages: apt-get install -y python3 python3-boto3";
        }

        var result = await RunAsync(PythonPath, ["-c", "import boto3"], new Dictionary<string, string>());
        return result.ExitCode == 0
            ? null
            : $"boto3 cannot be imported by {PythonPath}; install the Debian package: apt-get install -y python3-boto3\n{result.StandardError}";
    }
}

/// <summary>An access key with its region, and a session token for temporary keys.</summary>
public sealed record AccessKeyPair(string AccessKeyId, string SecretAccessKey, string Region = "us-east-1", string? SessionToken = null);
