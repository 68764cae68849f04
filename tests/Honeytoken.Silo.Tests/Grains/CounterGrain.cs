using Honeytoken.Silo.Hosting;

namespace Honeytoken.Silo.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<CounterSnapshot> IncrementAsync(string label);

    Task<CounterSnapshot> GetAsync();
}

/// <summary>The counter's stored state and the silo that served the call.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Honeytoken.Silo.Tests.CounterSnapshot")]
public sealed record CounterSnapshot(
    [property: Id(0)] int Value,
    [property: Id(1)] string? Label,
    [property: Id(2)] string Silo);

/// <summary>The persisted state, written by the System.Text.Json grain storage serializer.</summary>
public sealed class CounterState
{
    public int Value { get; set; }

    public string? Label { get; set; }

    public List<string> Labels { get; set; } = [];
}

/// <summary>A grain whose state lives in the PostgreSQL grain storage.</summary>
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, PostgresHostingExtensions.StorageName)] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain
{
    public const string StateName = "counter";

    public async Task<CounterSnapshot> IncrementAsync(string label)
    {
        state.State.Value++;
        state.State.Label = label;
        state.State.Labels.Add(label);
        await state.WriteStateAsync();
        return Snapshot();
    }

    public Task<CounterSnapshot> GetAsync() => Task.FromResult(Snapshot());

    private CounterSnapshot Snapshot() => new(state.State.Value, state.State.Label, silo.SiloAddress.ToParsableString());
}
