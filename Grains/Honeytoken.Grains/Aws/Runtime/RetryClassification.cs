namespace Honeytoken.Grains.Aws.Runtime;

/// <summary>How a service client's retry policy treats an error.</summary>
public enum RetryClassification
{
    /// <summary>The SDK's standard rules decide (transient network and 5xx errors are retried).</summary>
    Default,

    /// <summary>A throttling error: retried with backoff and jitter.</summary>
    Throttling,

    /// <summary>A quota or limit error: never retried, because retrying cannot succeed.</summary>
    Terminal,
}
