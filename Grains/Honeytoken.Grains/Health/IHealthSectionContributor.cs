namespace Honeytoken.Grains.Health;

/// <summary>
/// Adds results of another feature to the Honeytoken section of the Health Checks page, such as
/// an alert destination that has been failing for an hour. Register implementations as
/// singletons in the silo; the health monitor calls each one when it builds a report.
/// </summary>
public interface IHealthSectionContributor
{
    /// <summary>Returns the feature's current results; an empty list when there is nothing to show.</summary>
    Task<IReadOnlyList<SubCheckResult>> GetResultsAsync(string installationId, CancellationToken cancellationToken);
}
