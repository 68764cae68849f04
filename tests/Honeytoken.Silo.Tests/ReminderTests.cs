using Honeytoken.Silo.Tests.Grains;
using Npgsql;

namespace Honeytoken.Silo.Tests;

public sealed class ReminderTests(SingleSiloFixture fixture) : IClassFixture<SingleSiloFixture>
{
    private static readonly TimeSpan TickTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reminder_FiresSurvivesRestartAndUnregisters()
    {
        const string Key = "reminder-probe";
        const string Name = "tick";
        ReminderTicks.Clear(Key, Name);

        await fixture.Cluster.Client.GetGrain<IReminderProbeGrain>(Key)
            .RegisterAsync(Name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var firstSilo = await ReminderTicks.WaitAsync(Key, Name, TickTimeout);
        Assert.Equal(1L, await CountRowsAsync(Key, Name));

        await fixture.RestartSiloAsync();
        ReminderTicks.Clear(Key, Name);
        var siloAfterRestart = await ReminderTicks.WaitAsync(Key, Name, TickTimeout);
        Assert.NotEqual(firstSilo, siloAfterRestart);

        var grain = fixture.Cluster.Client.GetGrain<IReminderProbeGrain>(Key);
        await grain.UnregisterAsync(Name);
        Assert.False(await grain.ExistsAsync(Name));
        Assert.Equal(0L, await CountRowsAsync(Key, Name));
    }

    private async Task<long> CountRowsAsync(string grainKey, string reminderName)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%/' || @key AND reminder_name = @name", connection);
        command.Parameters.AddWithValue("key", grainKey);
        command.Parameters.AddWithValue("name", reminderName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
