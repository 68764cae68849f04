namespace Honeytoken.Silo.Health;

/// <summary>
/// The silo's HTTP health endpoints, <c>/healthz</c> and <c>/readyz</c>, for the kubelet's
/// probes. Bound from the <c>Honeytoken:Health</c> section.
/// </summary>
public sealed class SiloHealthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Honeytoken:Health";

    /// <summary>
    /// The TCP port of the health endpoints. Default: 0, which serves no endpoint, so that
    /// several silos on one machine (tests, the local cluster) need no distinct ports.
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// The IP address to listen on. Default: <c>127.0.0.1</c>. A pod sets <c>0.0.0.0</c>
    /// because the kubelet probes the pod's own address.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";
}
