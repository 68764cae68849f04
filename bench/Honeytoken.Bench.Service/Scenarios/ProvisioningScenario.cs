using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Honeytoken.Bench.Service.Scenarios;

/// <summary>
/// Keys provisioned per minute while the emulator throttles IAM at a known rate,
/// against the ceiling that rate allows.
/// </summary>
/// <remarks>
/// A key costs <see cref="IamCallsPerKey"/> IAM calls (CreateUser, ListAccessKeys,
/// CreateAccessKey), so the ceiling in keys a minute is the IAM rate times 60 divided by
/// that. The rate is measured from the first to the last provisioned_at of the pooled
/// tokens, so account creation before the first key is not counted.
/// </remarks>
public sealed class ProvisioningScenario(ServiceUnderTest service, ApiClient api, ResultTable results, int poolSize, int iamCallsPerSecond)
{
    private const string Name = "Provisioning";
    private const int IamCallsPerKey = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public async Task RunAsync()
    {
        using var emulator = new HttpClient { BaseAddress = service.EmulatorUri };
        await SetRateLimitAsync(emulator, iamCallsPerSecond);

        await api.UploadConfigurationAsync(service.ConfigurationFile(poolSize, memberAccounts: 1));
        var deadline = DateTimeOffset.UtcNow + Timeout;
        JsonObject progress;
        do
        {
            await Task.Delay(500);
            progress = await api.GetSetupAsync();
        }
        while (progress["phase"]?.GetValue<string>() != "ready" && DateTimeOffset.UtcNow < deadline);

        // The rest of the run provisions without a ceiling.
        await SetRateLimitAsync(emulator, null);

        var (pooled, failed, first, last) = await ReadTokensAsync();
        var callCounts = await CountIamCallsAsync(emulator);
        var ceiling = iamCallsPerSecond * 60.0 / IamCallsPerKey;
        var rate = pooled > 1 ? (pooled - 1) / (last - first).TotalMinutes : 0;
        results.Add(new Figure(Name, $"keys/min, pool of {poolSize}, IAM limited to {iamCallsPerSecond} calls/s",
            $"{rate:0}", $"{ceiling:0} (ceiling: {iamCallsPerSecond} x 60 / {IamCallsPerKey} calls per key)", $"{rate / ceiling:P0}", ">= 90 %", rate >= 0.9 * ceiling));
        results.Add(new Figure(Name, "keys pooled / failed tokens", $"{pooled} / {failed}", "-", "-", "no failed token", failed == 0 && pooled >= poolSize));
        results.Add(new Figure(Name, "IAM calls accepted / throttled (emulator records)",
            $"{callCounts.Accepted} / {callCounts.Throttled}", $"{pooled * IamCallsPerKey} accepted calls needed", "-", "-", null));
        if (progress["phase"]?.GetValue<string>() != "ready")
        {
            results.Note($"Provisioning did not reach ready within {Timeout.TotalMinutes:0} minutes: {progress.ToJsonString()}");
        }
    }

    private static async Task SetRateLimitAsync(HttpClient emulator, int? callsPerSecond)
    {
        object settings = callsPerSecond is { } rate
            ? new { rateLimits = new[] { new { api = "iam:*", requestsPerSecond = rate, burst = Math.Max(1, rate / 20) } } }
            : new { };
        using var response = await emulator.PutAsJsonAsync("_emulator/faults", settings);
        response.EnsureSuccessStatusCode();
    }

    private async Task<(long Pooled, long Failed, DateTimeOffset First, DateTimeOffset Last)> ReadTokensAsync()
    {
        await using var connection = await service.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE provisioned_at IS NOT NULL),
                   count(*) FILTER (WHERE lifecycle = 'failed'),
                   min(provisioned_at), max(provisioned_at)
            FROM honeytokens
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1),
            reader.IsDBNull(2) ? default : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? default : reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>Counts the IAM calls that the emulator recorded, by whether they were throttled.</summary>
    private static async Task<(long Accepted, long Throttled)> CountIamCallsAsync(HttpClient emulator)
    {
        var records = (await emulator.GetFromJsonAsync<JsonObject>("_emulator/cloudtrail/records"))!["Records"]!.AsArray();
        long accepted = 0, throttled = 0;
        foreach (var record in records)
        {
            if (record?["eventSource"]?.GetValue<string>() != "iam.amazonaws.com")
            {
                continue;
            }

            if (record["errorCode"]?.GetValue<string>() == "Throttling")
            {
                throttled++;
            }
            else
            {
                accepted++;
            }
        }

        return (accepted, throttled);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({poolSize} keys at {iamCallsPerSecond} IAM calls/s)");
}
