namespace Honeytoken.Grains.Alerts.Delivery;

/// <summary>How one attempt ended, as the sender saw it.</summary>
/// <param name="Succeeded">The receiver accepted the message.</param>
/// <param name="StatusCode">The HTTP status or SMTP reply code, when the receiver answered.</param>
/// <param name="Error">What failed, without secrets.</param>
/// <param name="IsClientError">The receiver rejected the message itself (HTTP 4xx other than 408 and 429, SMTP 5xx), so retrying is unlikely to help.</param>
public sealed record DeliveryResult(bool Succeeded, int? StatusCode, string? Error, bool IsClientError)
{
    public static DeliveryResult Success(int? statusCode) => new(true, statusCode, null, false);

    public static DeliveryResult Failure(int? statusCode, string error, bool isClientError = false) => new(false, statusCode, error, isClientError);
}

/// <summary>A destination's settings with its secrets decrypted, for one delivery only.</summary>
public sealed record DestinationEndpoint(DestinationConfig Config, string? Secret, string? SmtpPassword);
