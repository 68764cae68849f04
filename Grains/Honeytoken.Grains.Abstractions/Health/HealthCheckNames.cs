namespace Honeytoken.Grains.Health;

/// <summary>The names of the health checks, as they appear in <c>/v1/admin/health-checks/{check}/run</c>.</summary>
public static class HealthCheckNames
{
    /// <summary>"Access to AWS resources": role assumption, a throwaway IAM user and key, the log bucket.</summary>
    public const string AwsAccess = "aws-access";

    /// <summary>"Reception of events": a signed call with the probe key, watched on each channel.</summary>
    public const string EventsReception = "events-reception";

    /// <summary>The checks that every silo runs: DNS, TLS and reach of each AWS endpoint, clock skew.</summary>
    public const string Nodes = "nodes";
}
