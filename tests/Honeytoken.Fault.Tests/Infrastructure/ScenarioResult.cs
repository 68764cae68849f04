using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Testing;
using Npgsql;

namespace Honeytoken.Fault.Tests.Infrastructure;

/// <summary>What a scenario ended with: the events, alerts, statuses and IAM users, read from
/// the emulator, the alert receiver and PostgreSQL once the load has stopped.</summary>
internal sealed class ScenarioResult
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(180);

    /// <summary>CloudTrail records of the tokens' calls, which the emulator delivers through both channels.</summary>
    public int EventsSent { get; private init; }

    public int EventsStored { get; private init; }

    /// <summary>Keys stored in more than one row; the unique index should make this 0.</summary>
    public int Duplicates { get; private init; }

    /// <summary>Records the emulator delivered but the service never stored.</summary>
    public int Lost { get; private init; }

    /// <summary>Stored events that no channel brought, such as a stray row; expected 0.</summary>
    public int Unexpected { get; private init; }

    public int MissingRealTimeChannel { get; private init; }

    public int MissingLogFileChannel { get; private init; }

    /// <summary>Tokens whose status is not <c>triggered</c> although they were used.</summary>
    public IReadOnlyList<string> WrongStatuses { get; private init; } = [];

    /// <summary>Alert requests received, redeliveries included.</summary>
    public int AlertRequests { get; private init; }

    /// <summary>Distinct alert deliveries (by <c>delivery_id</c>).</summary>
    public int AlertDeliveries { get; private init; }

    /// <summary>Requests that repeated a delivery already received.</summary>
    public int AlertRedeliveries => AlertRequests - AlertDeliveries;

    /// <summary>Tokens whose distinct "triggered" alerts are not exactly one.</summary>
    public IReadOnlyList<string> WrongTriggerAlerts { get; private init; } = [];

    /// <summary>Events counted by the distinct alerts; expected to equal <see cref="EventsStored"/>.</summary>
    public int AlertedEvents { get; private init; }

    public IReadOnlyList<string> OrphanedUsers { get; private init; } = [];

    public IReadOnlyList<string> OrphanedKeys { get; private init; } = [];

    /// <summary>Recorded tokens whose IAM user or key is missing in the emulator.</summary>
    public IReadOnlyList<string> MissingIam { get; private init; } = [];

    public string SetupPhase { get; private init; } = "";

    public int KeysAvailable { get; private init; }

    /// <summary>Time from the end of the load until every event was stored and alerted.</summary>
    public TimeSpan SettleTime { get; private init; }

    /// <summary>
    /// Flushes the emulator's pending log files, waits until every delivered record is stored
    /// with both channels and alerted, or until a deadline, and reads the outcome.
    /// </summary>
    public static async Task<ScenarioResult> CollectAsync(FaultCluster cluster, IReadOnlyList<IssuedToken> tokens)
    {
        var clock = Stopwatch.StartNew();
        await cluster.Emulator.FlushLogFilesAsync();
        var sent = await ReadSentAsync(cluster, tokens);
        var tokenIds = tokens.Select(token => token.Id).ToArray();

        // A timeout here is not the failure itself, because the figures below show what is missing.
        await TryUntilAsync(async () =>
        {
            var stored = await ReadStoredAsync(cluster, tokenIds);
            var alerted = AlertedEventsPerToken(cluster);
            return sent.All(record => stored.Any(row => row.Key == record.Key && row.RealTime && row.LogFile))
                && alerted.Values.Sum() >= stored.Count
                && IsSetupDone(await cluster.GetSetupAsync());
        });
        var settle = clock.Elapsed;

        var rows = await ReadStoredAsync(cluster, tokenIds);
        var duplicates = rows.GroupBy(row => (row.TokenId, row.Key)).Count(group => group.Count() > 1);
        var storedKeys = rows.Select(row => row.Key).ToHashSet(StringComparer.Ordinal);
        var sentKeys = sent.Select(record => record.Key).ToHashSet(StringComparer.Ordinal);

        var alerts = cluster.Alerts.Received;
        var distinct = alerts.DistinctBy(alert => alert.DeliveryId).ToList();
        var usedTokens = sent.Select(record => record.TokenId).ToHashSet();
        var wrongTriggers = tokens
            .Select(token => (token, count: distinct.Count(alert => alert.HoneytokenId == token.Id && alert.Action == "honeytoken_triggered")))
            .Where(pair => pair.count != (usedTokens.Contains(pair.token.Id) ? 1 : 0))
            .Select(pair => $"{pair.token.Name}: {pair.count} triggered alerts")
            .ToList();

        var (orphanedUsers, orphanedKeys, missingIam) = await CompareIamAsync(cluster);
        var setup = await cluster.GetSetupAsync();

        return new ScenarioResult
        {
            EventsSent = sent.Count,
            EventsStored = rows.Count,
            Duplicates = duplicates,
            Lost = sentKeys.Count(key => !storedKeys.Contains(key)),
            Unexpected = storedKeys.Count(key => !sentKeys.Contains(key)),
            MissingRealTimeChannel = rows.Count(row => !row.RealTime),
            MissingLogFileChannel = rows.Count(row => !row.LogFile),
            WrongStatuses = await ReadWrongStatusesAsync(cluster, tokens, usedTokens),
            AlertRequests = alerts.Count,
            AlertDeliveries = distinct.Count,
            AlertedEvents = AlertedEventsPerToken(cluster).Values.Sum(),
            WrongTriggerAlerts = wrongTriggers,
            OrphanedUsers = orphanedUsers,
            OrphanedKeys = orphanedKeys,
            MissingIam = missingIam,
            SetupPhase = setup["phase"]!.GetValue<string>(),
            KeysAvailable = setup["keys_available"]!.GetValue<int>(),
            SettleTime = settle,
        };

        static bool IsSetupDone(JsonObject setup) =>
            setup["phase"]!.GetValue<string>() == "ready" && setup["keys_available"]!.GetValue<int>() == FaultCluster.PoolSize;
    }

    /// <summary>Returns the figures as one line per group, for the test output and BENCHMARKS.md.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
        events: sent {EventsSent}, stored {EventsStored}, duplicates {Duplicates}, lost {Lost}, unexpected {Unexpected}, missing real-time channel {MissingRealTimeChannel}, missing log-file channel {MissingLogFileChannel}
        alerts: requests {AlertRequests}, distinct deliveries {AlertDeliveries}, redeliveries {AlertRedeliveries}, events alerted {AlertedEvents} of {EventsStored}, tokens with a wrong number of triggered alerts {WrongTriggerAlerts.Count}
        tokens with a wrong status: {WrongStatuses.Count}; orphaned IAM users {OrphanedUsers.Count}, orphaned keys {OrphanedKeys.Count}, recorded tokens missing in IAM {MissingIam.Count}
        provisioning: {SetupPhase}, {KeysAvailable} of {FaultCluster.PoolSize} keys in the pool; settled {SettleTime.TotalSeconds:F1} s after the load stopped
        """);

    /// <summary>Asserts every guarantee, one assert per figure.</summary>
    public void AssertGuarantees()
    {
        Assert.True(EventsSent > 0, "the load made no call");
        Assert.Equal(0, Lost);
        Assert.Equal(0, Duplicates);
        Assert.Equal(0, Unexpected);
        Assert.Equal(EventsSent, EventsStored);
        Assert.Equal(0, MissingRealTimeChannel);
        Assert.Equal(0, MissingLogFileChannel);
        Assert.Empty(WrongStatuses);
        Assert.Empty(WrongTriggerAlerts);
        Assert.Equal(EventsStored, AlertedEvents);
        Assert.Empty(OrphanedUsers);
        Assert.Empty(OrphanedKeys);
        Assert.Empty(MissingIam);
        Assert.Equal("ready", SetupPhase);
        Assert.Equal(FaultCluster.PoolSize, KeysAvailable);
    }

    /// <summary>
    /// Measures the time from <paramref name="since"/> until every token has stored an event
    /// that arrived after it: the whole cluster serves every token again.
    /// </summary>
    public static async Task<TimeSpan> MeasureRecoveryAsync(FaultCluster cluster, IReadOnlyList<IssuedToken> tokens, DateTimeOffset since, Stopwatch clock)
    {
        var ids = tokens.Select(token => token.Id).ToArray();
        await Poll.UntilAsync(
            async () =>
            {
                await using var connection = await cluster.OpenDatabaseAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(DISTINCT honeytoken_id) FROM honeytoken_events WHERE honeytoken_id = ANY(@ids) AND first_received_at > @since", connection);
                command.Parameters.AddWithValue("ids", ids);
                command.Parameters.AddWithValue("since", since);
                return (long)(await command.ExecuteScalarAsync())!;
            },
            count => count == ids.Length,
            SettleTimeout,
            "every token to store an event again");
        return clock.Elapsed;
    }

    private static async Task TryUntilAsync(Func<Task<bool>> done)
    {
        try
        {
            await Poll.UntilAsync(done, value => value, SettleTimeout, "every event to be stored and alerted");
        }
        catch (TimeoutException)
        {
            // Reported by the figures.
        }
    }

    private static Dictionary<Guid, int> AlertedEventsPerToken(FaultCluster cluster) =>
        cluster.Alerts.Received
            .DistinctBy(alert => alert.DeliveryId)
            .GroupBy(alert => alert.HoneytokenId)
            .ToDictionary(group => group.Key, group => group.Sum(alert => alert.EventCount));

    private static async Task<List<SentRecord>> ReadSentAsync(FaultCluster cluster, IReadOnlyList<IssuedToken> tokens)
    {
        var byKey = tokens.ToDictionary(token => token.AccessKeyId, StringComparer.Ordinal);
        var records = await cluster.Emulator.GetRecordsAsync();
        return [.. records
            .Where(record => record["userIdentity"]?["accessKeyId"]?.GetValue<string>() is { } key && byKey.ContainsKey(key))
            .Select(record => new SentRecord(
                byKey[record["userIdentity"]!["accessKeyId"]!.GetValue<string>()].Id,
                string.Join('|', record["eventID"]!.GetValue<string>(), record["eventName"]!.GetValue<string>(), record["eventTime"]!.GetValue<string>())))];
    }

    private static async Task<List<StoredRow>> ReadStoredAsync(FaultCluster cluster, Guid[] tokenIds)
    {
        await using var connection = await cluster.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            "SELECT honeytoken_id, event_key, channels ? 'realtime', channels ? 'log_file' FROM honeytoken_events WHERE honeytoken_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", tokenIds);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3)));
        }

        return rows;
    }

    private static async Task<List<string>> ReadWrongStatusesAsync(FaultCluster cluster, IReadOnlyList<IssuedToken> tokens, HashSet<Guid> used)
    {
        var wrong = new List<string>();
        foreach (var token in tokens)
        {
            var body = await cluster.Api.GetFromJsonAsync<JsonObject>(new Uri(cluster.ApiUri, $"/v1/honeytokens/{token.Id}"));
            var status = body!["status"]!.GetValue<string>();
            var expected = used.Contains(token.Id) ? "triggered" : "active";
            if (status != expected)
            {
                wrong.Add($"{token.Name}: {status}, expected {expected}");
            }
        }

        return wrong;
    }

    private static async Task<(List<string> Users, List<string> Keys, List<string> Missing)> CompareIamAsync(FaultCluster cluster)
    {
        var inventory = await cluster.Emulator.GetIamAsync();
        var users = inventory.Users.Where(user => user.AccountId != EmulatorSeed.LocalAccountId)
            .Select(user => $"{user.AccountId}/{user.UserName}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keys = inventory.AccessKeys.Where(key => key.AccountId != EmulatorSeed.LocalAccountId)
            .Select(key => key.AccessKeyId).ToHashSet(StringComparer.Ordinal);

        var recordedUsers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recordedKeys = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await cluster.OpenDatabaseAsync())
        await using (var command = new NpgsqlCommand(
            "SELECT account_id, iam_user_name, access_key_id FROM honeytokens WHERE lifecycle NOT IN ('revoked') AND iam_user_name IS NOT NULL", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                recordedUsers.Add($"{reader.GetString(0)}/{reader.GetString(1)}");
                if (!reader.IsDBNull(2))
                {
                    recordedKeys.Add(reader.GetString(2));
                }
            }
        }

        var missing = recordedUsers.Where(user => !users.Contains(user))
            .Concat(recordedKeys.Where(key => !keys.Contains(key)))
            .ToList();
        return ([.. users.Where(user => !recordedUsers.Contains(user))], [.. keys.Where(key => !recordedKeys.Contains(key))], missing);
    }

    private sealed record SentRecord(Guid TokenId, string Key);

    private sealed record StoredRow(Guid TokenId, string Key, bool RealTime, bool LogFile);
}
