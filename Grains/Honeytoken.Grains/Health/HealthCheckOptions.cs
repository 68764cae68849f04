namespace Honeytoken.Grains.Health;

/// <summary>
/// Schedules and thresholds of the health checks, bound from <c>Honeytoken:HealthChecks</c>.
/// The defaults are sized for AWS, where EventBridge delivers within seconds and CloudTrail
/// writes a log file about every 5 minutes, usually within 15 minutes of the call.
/// </summary>
public sealed class HealthCheckOptions
{
    /// <summary>Configuration section that binds these options.</summary>
    public const string SectionName = "Honeytoken:HealthChecks";

    /// <summary>Period of the "Reception of events" reminder. Default: 10 minutes.</summary>
    public TimeSpan ReceptionPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Real-time latency above which the channel is degraded (late). Default: 1 minute.</summary>
    public TimeSpan RealTimeDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time after the probe call after which a missing real-time event makes the channel failing. Default: 5 minutes.</summary>
    public TimeSpan RealTimeFailingAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Log-file latency above which the channel is degraded (late). Default: 20 minutes.</summary>
    public TimeSpan LogFileDegradedAfter { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Time after the probe call after which a missing log-file event makes the channel failing. Default: 1 hour.</summary>
    public TimeSpan LogFileFailingAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Number of past runs kept per check. Default: 20.</summary>
    public int HistoryLength { get; set; } = 20;

    /// <summary>How often each silo runs its node checks and reports them. Default: 1 minute.</summary>
    public TimeSpan NodeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time limit of one DNS lookup or HTTPS request of the node checks. Default: 10 seconds.</summary>
    public TimeSpan NodeCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock skew against AWS above which a node is degraded. Default: 1 minute.</summary>
    public TimeSpan ClockSkewDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Clock skew against AWS above which a node is failing. Default: 5 minutes, because SigV4
    /// rejects requests signed more than 5 minutes away from AWS's time.
    /// </summary>
    public TimeSpan ClockSkewFailingAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Name of the IAM user that owns the probe key, in the management account. Default: honeytoken-health-probe.</summary>
    public string ProbeUserName { get; set; } = "honeytoken-health-probe";

    /// <summary>IAM path of the probe user in the management account. Default: /honeytoken-service/.</summary>
    public string IamPath { get; set; } = "/honeytoken-service/";
}
