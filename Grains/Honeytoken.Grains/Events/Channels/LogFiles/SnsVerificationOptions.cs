namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// How SNS deliveries are verified. Bound from the <c>Sns</c> configuration section.
/// </summary>
public sealed class SnsVerificationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Sns";

    /// <summary>
    /// The ARN of the topic that announces new CloudTrail log files. Messages from any other
    /// topic are rejected. Required.
    /// </summary>
    public string TopicArn { get; set; } = string.Empty;

    /// <summary>
    /// The maximum age of a message, measured from its <c>Timestamp</c>. Default 1 hour. SNS
    /// keeps the original timestamp on retries, so this must cover the retry period of the
    /// subscription's delivery policy. The catch-up listing later finds the log file of a
    /// notification rejected as too old.
    /// </summary>
    public TimeSpan MaxMessageAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether certificate and subscription URLs on <c>sns.&lt;region&gt;.amazonaws.com</c> (and
    /// <c>sns.&lt;region&gt;.amazonaws.com.cn</c>) are allowed. Default true.
    /// </summary>
    public bool AllowAwsSnsHosts { get; set; } = true;

    /// <summary>
    /// More hosts allowed in signing certificate and subscription confirmation URLs, as
    /// <c>host</c> or <c>host:port</c>, compared without case. Empty by default. List the AWS
    /// emulator here for the local profile.
    /// </summary>
    public IList<string> AllowedCertificateHosts { get; } = [];

    /// <summary>
    /// Whether <c>http</c> URLs are allowed for the hosts in <see cref="AllowedCertificateHosts"/>.
    /// Default false. Only for the local emulator on loopback: AWS SNS hosts always need HTTPS.
    /// </summary>
    public bool AllowHttpForAllowedHosts { get; set; }
}
