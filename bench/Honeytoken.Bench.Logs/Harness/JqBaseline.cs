using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Honeytoken.Bench.Logs.Harness;

/// <summary>
/// What an operator would run by hand: <c>zcat</c> of every file piped into <c>jq</c>, which
/// selects the records whose <c>userIdentity.accessKeyId</c> is a honeytoken key.
/// </summary>
internal static class JqBaseline
{
    private const string Script = """
        set -euo pipefail
        find "$LOG_DIRECTORY" -name '*.json.gz' -print0 | sort -z | xargs -0 zcat \
          | jq -c --argjson keys "$HONEYTOKEN_KEYS" '.Records[] | select($keys[.userIdentity.accessKeyId // ""])' \
          | wc -l
        """;

    /// <summary>Runs the pipeline over the files under <paramref name="directory"/> and returns the matches and the time taken.</summary>
    public static async Task<(int Matches, TimeSpan Elapsed)> RunAsync(string directory, IEnumerable<string> honeytokenAccessKeyIds)
    {
        var keys = JsonSerializer.Serialize(honeytokenAccessKeyIds.ToDictionary(key => key, _ => true));
        var startInfo = new ProcessStartInfo("bash", ["-c", Script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["LOG_DIRECTORY"] = directory;
        startInfo.Environment["HONEYTOKEN_KEYS"] = keys;

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        stopwatch.Stop();

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"zcat | jq failed with exit code {process.ExitCode}: {await error}");
        }

        return (int.Parse((await output).Trim(), CultureInfo.InvariantCulture), stopwatch.Elapsed);
    }
}
