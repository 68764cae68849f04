namespace Honeytoken.Grains.Health;

/// <summary>The statuses of a health check, a sub-check, a channel and the whole section.</summary>
public static class HealthStatus
{
    /// <summary>Everything the check looked at works.</summary>
    public const string Ok = "ok";

    /// <summary>It works, but late or partly, such as a log file found only by the catch-up listing.</summary>
    public const string Degraded = "degraded";

    /// <summary>It does not work: an AWS call failed, or an event did not arrive in time.</summary>
    public const string Failing = "failing";

    /// <summary>The check has not produced a result yet, such as an event still within its ok threshold.</summary>
    public const string Pending = "pending";

    /// <summary>The check does not apply, such as TLS on a plain HTTP endpoint.</summary>
    public const string NotApplicable = "not_applicable";

    /// <summary>No configuration was uploaded, so there is nothing to check.</summary>
    public const string NotConfigured = "not_configured";

    /// <summary>Returns the worst of the statuses: failing, then degraded, then not_configured, then pending, then ok.</summary>
    public static string Worst(IEnumerable<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);

        var worst = Ok;
        foreach (var status in statuses)
        {
            if (Rank(status) > Rank(worst))
            {
                worst = status;
            }
        }

        return worst;
    }

    private static int Rank(string status) => status switch
    {
        Failing => 4,
        Degraded => 3,
        NotConfigured => 2,
        Pending => 1,
        _ => 0,
    };
}
