using Honeytoken.Ingestion.Tests.Infrastructure;
using Npgsql;

namespace Honeytoken.Ingestion.Tests;

/// <summary>A silo start keeps the next tick of the catch-up and unlogged-use reminders.</summary>
[Collection(SiloRestartCollection.Name)]
public sealed class StartupReminderTests(IngestionHarness harness)
{
    private static readonly string[] ReminderNames = ["catch-up", "unlogged-use"];

    [Fact]
    public async Task SiloStart_KeepsReminderDueTimes()
    {
        var before = await ReadRemindersAsync();
        Assert.Equal(ReminderNames, before.Keys.Order(StringComparer.Ordinal));

        // Each silo runs the start-up registration; a restart of the only silo runs the same code.
        var silo = await harness.Cluster.StartAdditionalSiloAsync();
        try
        {
            var after = await ReadRemindersAsync();

            foreach (var name in ReminderNames)
            {
                Assert.Equal(before[name].StartTime, after[name].StartTime);
                Assert.Equal(before[name].PeriodMilliseconds, after[name].PeriodMilliseconds);
            }
        }
        finally
        {
            await harness.Cluster.StopSiloAsync(silo);
        }
    }

    /// <summary>Returns the start time and period of the ingestion reminders in the Orleans reminder table.</summary>
    private async Task<Dictionary<string, (DateTimeOffset StartTime, long PeriodMilliseconds)>> ReadRemindersAsync()
    {
        await using var connection = await harness.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT reminder_name, start_time, period FROM orleans_reminders WHERE reminder_name = ANY(@names)", connection);
        command.Parameters.AddWithValue("names", ReminderNames);
        await using var reader = await command.ExecuteReaderAsync();

        var reminders = new Dictionary<string, (DateTimeOffset, long)>();
        while (await reader.ReadAsync())
        {
            reminders.Add(reader.GetString(0), (reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2)));
        }

        return reminders;
    }
}
