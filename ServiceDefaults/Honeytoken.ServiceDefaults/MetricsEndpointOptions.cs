namespace Honeytoken.ServiceDefaults;

/// <summary>
/// The Prometheus scrape endpoint, served on a port of its own. Bound from the
/// <c>Honeytoken:Metrics</c> section.
/// </summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Honeytoken:Metrics";

    /// <summary>The port that OpenTelemetry's Prometheus exporters use by convention.</summary>
    public const int ConventionalPort = 9464;

    /// <summary>
    /// The TCP port of the scrape endpoint. Default: 0, which serves no endpoint, so that
    /// several processes on one machine (tests, the local scripts) need no distinct ports.
    /// The Kubernetes manifests set <see cref="ConventionalPort"/>.
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// The IP address to listen on. Default: <c>127.0.0.1</c>. A pod sets <c>0.0.0.0</c> so that
    /// Prometheus can reach the pod's own address.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The path of the scrape endpoint. Default: <c>/metrics</c>.</summary>
    public string Path { get; set; } = "/metrics";
}
