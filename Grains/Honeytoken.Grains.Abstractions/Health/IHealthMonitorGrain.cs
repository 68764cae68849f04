using Orleans.Concurrency;

namespace Honeytoken.Grains.Health;

/// <summary>
/// The health checks of one installation, keyed by the installation id: "Access to AWS
/// resources", "Reception of events" and the node checks that every silo reports.
/// </summary>
public interface IHealthMonitorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the reception reminder unless it exists with the configured period, and
    /// schedules the AWS-access check. Every silo calls it when it starts, so a cluster start
    /// runs the check once per silo.
    /// </summary>
    Task StartAsync();

    /// <summary>Returns the latest results, their history and the per-node results of the active silos.</summary>
    Task<HealthReport> GetReportAsync();

    /// <summary>
    /// Runs a check on demand. "aws-access" runs now and returns its result. "events-reception"
    /// is rejected because its reminder schedules it, and the result contains its next run time.
    /// </summary>
    Task<RunCheckResult> RunCheckAsync(string check);

    /// <summary>
    /// Schedules the AWS-access check because a new configuration was accepted, and returns
    /// without waiting for it.
    /// </summary>
    [AlwaysInterleave]
    Task ConfigurationChangedAsync();

    /// <summary>
    /// Records that a channel delivered a CloudTrail event signed with the probe key. The
    /// ingestion calls it instead of storing the event as a honeytoken's.
    /// </summary>
    Task ObserveProbeEventAsync(ProbeEventObservation observation);

    /// <summary>Stores the node checks of one silo in memory; called by each silo on its schedule.</summary>
    [AlwaysInterleave]
    Task ReportNodeAsync(NodeReport report);
}
