using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Grains;

/// <summary>Registers reminders of periodic work without moving their next tick.</summary>
public static class PeriodicReminders
{
    /// <summary>
    /// Registers the reminder <paramref name="name"/> with due time and period
    /// <paramref name="period"/>, unless it exists already with that period. Returns whether it
    /// registered the reminder.
    /// </summary>
    /// <remarks>
    /// <c>RegisterOrUpdateReminder</c> sets the next tick to the due time from now even when the
    /// reminder exists, so calling it on every silo start would postpone the work by a whole
    /// period each time, and forever when silos restart more often than the period. Orleans'
    /// <c>GetReminder</c> does not return the period, so the row is read from the reminder table.
    /// </remarks>
    public static async Task<bool> EnsureReminderAsync(this Grain grain, string name, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(grain);

        var table = grain.GrainContext.ActivationServices.GetRequiredService<IReminderTable>();
        var entry = await table.ReadRow(grain.GetGrainId(), name);
        if (entry is not null && entry.Period == period)
        {
            return false;
        }

        await grain.RegisterOrUpdateReminder(name, period, period);
        return true;
    }
}
