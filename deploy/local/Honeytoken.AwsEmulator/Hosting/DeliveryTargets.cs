namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>Where records are delivered: the real-time webhook and the SNS subscription of the log topic.</summary>
public sealed record DeliveryTargets
{
    /// <summary>URL that receives one EventBridge event per record, or null for none.</summary>
    public string? RealTimeUrl { get; init; }

    /// <summary>Header that carries <see cref="RealTimeApiKey"/>, as an EventBridge API destination's API key authorization does.</summary>
    public string RealTimeHeaderName { get; init; } = "X-Honeytoken-Webhook-Key";

    public string? RealTimeApiKey { get; init; }

    /// <summary>HTTP endpoint subscribed to the log topic, or null for none.</summary>
    public string? SnsEndpointUrl { get; init; }

    /// <summary>Topic to which <see cref="SnsEndpointUrl"/> subscribes; default the local log topic.</summary>
    public string SnsTopicArn { get; init; } = EmulatorSeed.LocalTopicArn;

    /// <summary>SNS SignatureVersion of the topic's messages: "1" (SHA1withRSA, SNS's default) or "2" (SHA256withRSA).</summary>
    public string SnsSignatureVersion { get; init; } = "1";

    /// <summary>Returns an error naming the first invalid setting, or null when all are valid.</summary>
    public string? Validate()
    {
        foreach (var (name, url) in new[] { ("realTimeUrl", RealTimeUrl), ("snsEndpointUrl", SnsEndpointUrl) })
        {
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
            {
                return $"{name} '{url}' is invalid; use an absolute http or https URL.";
            }
        }

        if (RealTimeUrl is not null && string.IsNullOrWhiteSpace(RealTimeHeaderName))
        {
            return "realTimeHeaderName is empty; name the header that carries the API key.";
        }

        return SnsSignatureVersion is "1" or "2"
            ? null
            : $"snsSignatureVersion '{SnsSignatureVersion}' is invalid; use \"1\" or \"2\".";
    }
}
