using Honeytoken.Grains.Health;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// Puts the alert destinations on the health page: each destination whose deliveries have
/// failed for longer than <see cref="AlertOptions.FailingAfter"/> (an hour by default) is a
/// failing sub-check, so an alert that cannot leave the service is never silent. Destinations
/// that work add nothing.
/// </summary>
public sealed class AlertDestinationsHealthContributor(IGrainFactory grains, TimeProvider timeProvider) : IHealthSectionContributor
{
    /// <summary>The prefix of the sub-check names, followed by the destination's name.</summary>
    public const string SubCheckPrefix = "alert_destination:";

    public async Task<IReadOnlyList<SubCheckResult>> GetResultsAsync(string installationId, CancellationToken cancellationToken)
    {
        var destinations = await grains.GetGrain<IAlertDispatcherGrain>(IAlertDispatcherGrain.DefaultKey).GetHealthAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();

        return destinations
            .Where(destination => destination.Status == DestinationStatus.Failing)
            .Select(destination => new SubCheckResult(
                SubCheckPrefix + destination.Name,
                HealthStatus.Failing,
                $"Alerts to destination '{destination.Name}' have failed since {destination.FailingSince:u}; " +
                $"{destination.PendingDeliveries} alert(s) are waiting. Last error: {destination.LastError ?? "none recorded"}.",
                "Check the destination's URL or SMTP settings and that the receiver accepts requests; waiting alerts are retried for up to 24 hours.",
                now))
            .ToList();
    }
}
