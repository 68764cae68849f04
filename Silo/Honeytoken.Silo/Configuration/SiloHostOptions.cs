namespace Honeytoken.Silo.Configuration;

/// <summary>
/// The silo's identity and endpoints, bound from the <c>Orleans</c> configuration section.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Orleans";

    /// <summary>
    /// The cluster that this silo joins; silos with the same value form one cluster.
    /// Default: <c>honeytoken</c>.
    /// </summary>
    public string ClusterId { get; set; } = "honeytoken";

    /// <summary>
    /// The service whose grain state and reminders this silo reads and writes. It stays the
    /// same across deployments so that state survives them. Default: <c>honeytoken</c>.
    /// </summary>
    public string ServiceId { get; set; } = "honeytoken";

    /// <summary>The TCP port for silo-to-silo traffic. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The TCP port on which clients such as the Api connect. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address that other silos and clients use to reach this silo; the silo also
    /// listens on it. Default: <c>127.0.0.1</c>, which suits a single machine only.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo's name in the membership table and logs. Default: the host name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;
}
