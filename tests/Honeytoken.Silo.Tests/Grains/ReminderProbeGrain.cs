using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Honeytoken.Silo.Tests.Grains;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task<bool> ExistsAsync(string reminderName);

    Task UnregisterAsync(string reminderName);
}

/// <summary>A grain that reports each reminder tick to <see cref="ReminderTicks"/>.</summary>
public sealed class ReminderProbeGrain(ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    public async Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task<bool> ExistsAsync(string reminderName) =>
        await this.GetReminder(reminderName) is not null;

    public async Task UnregisterAsync(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"Reminder '{reminderName}' is not registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString(), reminderName, silo.SiloAddress.ToParsableString());
        return Task.CompletedTask;
    }
}

/// <summary>
/// Reminder ticks of in-process silos, as a signal that tests await instead of sleeping.
/// </summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, Channel<string>> Channels = new();

    public static void Record(string grainKey, string reminderName, string silo) =>
        ChannelFor(grainKey, reminderName).Writer.TryWrite(silo);

    /// <summary>Forgets the ticks recorded so far, so the next wait returns only a new one.</summary>
    public static void Clear(string grainKey, string reminderName)
    {
        var reader = ChannelFor(grainKey, reminderName).Reader;
        while (reader.TryRead(out _))
        {
        }
    }

    /// <summary>Waits for the next tick and returns the silo that delivered it.</summary>
    public static async Task<string> WaitAsync(string grainKey, string reminderName, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await ChannelFor(grainKey, reminderName).Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Reminder '{reminderName}' of grain '{grainKey}' did not fire within {timeout}.");
        }
    }

    private static Channel<string> ChannelFor(string grainKey, string reminderName) =>
        Channels.GetOrAdd($"{grainKey}/{reminderName}", _ => Channel.CreateUnbounded<string>());
}
