namespace Honeytoken.Grains.Events;

/// <summary>
/// Lists the CloudTrail log prefix of one installation on a schedule and processes every log
/// object whose SNS notification never came. Keyed by the installation id.
/// </summary>
public interface ILogCatchUpGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder that runs the listing, unless it exists with the configured period.</summary>
    Task StartAsync();

    /// <summary>
    /// Lists the recent day folders of every account and region, and the full listing when it is
    /// due, and enqueues the log objects not yet done. Returns how many it enqueued.
    /// </summary>
    Task<int> RunOnceAsync();
}

/// <summary>
/// Reads IAM's last-used data of the installation's active keys on a schedule and records a
/// use that no CloudTrail record reported. Keyed by the installation id.
/// </summary>
public interface IUnloggedUseSweepGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder that runs the sweep, unless it exists with the configured period.</summary>
    Task StartAsync();

    /// <summary>Runs the sweep now; returns how many events it recorded.</summary>
    Task<int> RunOnceAsync();
}
