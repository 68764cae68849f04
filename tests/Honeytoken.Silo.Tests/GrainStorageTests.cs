using System.Text;
using System.Text.Json;
using Honeytoken.Silo.Tests.Grains;
using Npgsql;
using Orleans.Storage;

namespace Honeytoken.Silo.Tests;

public sealed class GrainStorageTests(SingleSiloFixture fixture) : IClassFixture<SingleSiloFixture>
{
    private const string GrainType = "counter";

    [Fact]
    public async Task State_SiloRestarted_ReadBack()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("restart-counter");
        await grain.IncrementAsync("first");
        var beforeRestart = await grain.IncrementAsync("second");

        await fixture.RestartSiloAsync();
        var afterRestart = await fixture.Cluster.Client.GetGrain<ICounterGrain>("restart-counter").GetAsync();

        Assert.NotEqual(beforeRestart.Silo, afterRestart.Silo);
        Assert.Equal(2, afterRestart.Value);
        Assert.Equal("second", afterRestart.Label);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsInconsistentState()
    {
        var storage = fixture.GrainStorage();
        var grainId = GrainId.Create("test", "stale-etag");
        var state = new CounterState { Value = 1 };
        var current = new GrainState<CounterState>(state);
        await storage.WriteStateAsync(GrainType, grainId, current);
        var stale = new GrainState<CounterState>(new CounterState { Value = 10 }) { ETag = current.ETag };
        state.Value = 2;
        await storage.WriteStateAsync(GrainType, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, grainId, stale));

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(GrainType, grainId, read);
        Assert.NotNull(read.State);
        Assert.Equal(2, read.State.Value);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_NoETagOnExistingRow_Throws()
    {
        var storage = fixture.GrainStorage();
        var grainId = GrainId.Create("test", "first-write-conflict");
        await storage.WriteStateAsync(GrainType, grainId, new GrainState<CounterState>(new CounterState { Value = 1 }));

        var withoutETag = new GrainState<CounterState>(new CounterState { Value = 5 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, grainId, withoutETag));
    }

    [Fact]
    public async Task Write_ConcurrentFirstWrites_OneWins()
    {
        var storage = fixture.GrainStorage();

        // Several rounds, because one round may not overlap the two inserts in PostgreSQL.
        for (var round = 0; round < 5; round++)
        {
            var grainId = GrainId.Create("test", $"concurrent-first-{round}");
            var writes = Enumerable.Range(1, 2)
                .Select(value => Task.Run(() => storage.WriteStateAsync(GrainType, grainId, new GrainState<CounterState>(new CounterState { Value = value }))))
                .ToList();

            var outcome = await Task.WhenAll(writes.Select(async write =>
            {
                try
                {
                    await write;
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            }));

            Assert.Equal(1, outcome.Count(succeeded => succeeded));
            Assert.Equal(1L, await CountRowsAsync($"concurrent-first-{round}"));
        }
    }

    [Fact]
    public async Task Clear_StaleETag_ThrowsAndKeepsState()
    {
        var storage = fixture.GrainStorage();
        var grainId = GrainId.Create("test", "clear-stale");
        var current = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync(GrainType, grainId, current);
        var stale = new GrainState<CounterState>(new CounterState()) { ETag = current.ETag, RecordExists = true };
        await storage.WriteStateAsync(GrainType, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(GrainType, grainId, stale));
        await storage.ClearStateAsync(GrainType, grainId, current);

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(GrainType, grainId, read);
        Assert.False(read.RecordExists);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task State_Stored_IsJsonWithoutTypeNames()
    {
        await fixture.Cluster.Client.GetGrain<ICounterGrain>("json-counter").IncrementAsync("plain label");

        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_type, payload FROM orleans_storage WHERE grain_id_extension = @key", connection);
        command.Parameters.AddWithValue("key", "json-counter");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var grainType = reader.GetString(0);
        var payload = Encoding.UTF8.GetString((byte[])reader.GetValue(1));

        Assert.Equal(CounterGrain.StateName, grainType);
        using var json = JsonDocument.Parse(payload);
        Assert.Equal(1, json.RootElement.GetProperty("Value").GetInt32());
        Assert.Equal("plain label", json.RootElement.GetProperty("Label").GetString());
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("Honeytoken", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(CounterState), payload, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultStorage_IsNamedStorage()
    {
        Assert.Same(fixture.GrainStorage(), fixture.GrainStorage("Default"));
    }

    private async Task<long> CountRowsAsync(string key)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_storage WHERE grain_id_extension = @key", connection);
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
