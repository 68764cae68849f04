using System.Text.Json.Serialization;
using Honeytoken.Grains.Alerts;

namespace Honeytoken.Api.Features.Alerts;

/// <summary>The SMTP settings of an e-mail destination, as JSON.</summary>
public sealed record SmtpSettingsDto(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] IReadOnlyList<string>? To)
{
    public SmtpSettings ToSettings() => new() { Host = Host, Port = Port, Username = Username, Password = Password, From = From, To = To ?? [] };

    public static SmtpSettingsDto? FromSettings(SmtpSettings? smtp) =>
        smtp is null ? null : new(smtp.Host, smtp.Port, smtp.Username, smtp.Password, smtp.From, smtp.To);
}

/// <summary>The body of <c>POST /v1/admin/notifications/destinations</c>.</summary>
public sealed record CreateDestinationRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("secret")] string? Secret,
    [property: JsonPropertyName("smtp")] SmtpSettingsDto? Smtp,
    [property: JsonPropertyName("allow_private_network")] bool? AllowPrivateNetwork,
    [property: JsonPropertyName("coalesce_window_seconds")] double? CoalesceWindowSeconds);

/// <summary>The body of <c>PATCH /v1/admin/notifications/destinations/{id}</c>; absent fields keep their values.</summary>
public sealed record UpdateDestinationRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("secret")] string? Secret,
    [property: JsonPropertyName("smtp")] SmtpSettingsDto? Smtp,
    [property: JsonPropertyName("allow_private_network")] bool? AllowPrivateNetwork,
    [property: JsonPropertyName("coalesce_window_seconds")] double? CoalesceWindowSeconds);

/// <summary>A delivery attempt, as JSON.</summary>
public sealed record DeliveryAttemptDto(
    [property: JsonPropertyName("delivery_id")] Guid DeliveryId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("honeytoken_id")] Guid? HoneytokenId,
    [property: JsonPropertyName("event_count")] int EventCount,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status_code")] int? StatusCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("duration_ms")] double DurationMs,
    [property: JsonPropertyName("next_attempt_at")] DateTimeOffset? NextAttemptAt)
{
    public static DeliveryAttemptDto From(DeliveryAttempt attempt) => new(
        attempt.DeliveryId,
        attempt.At,
        attempt.Action,
        attempt.HoneytokenId,
        attempt.EventCount,
        attempt.AttemptNumber,
        attempt.Outcome switch { AttemptOutcome.Delivered => "delivered", AttemptOutcome.WillRetry => "will_retry", _ => "gave_up" },
        attempt.StatusCode,
        attempt.Error,
        attempt.Duration.TotalMilliseconds,
        attempt.NextAttemptAt);
}

/// <summary>The delivery health of a destination, as JSON.</summary>
public sealed record DestinationHealthDto(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("failing_since")] DateTimeOffset? FailingSince,
    [property: JsonPropertyName("last_success_at")] DateTimeOffset? LastSuccessAt,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("pending_deliveries")] int PendingDeliveries)
{
    public static DestinationHealthDto From(DestinationHealth health) => new(
        health.Id,
        health.Name,
        health.Status.ToString().ToLowerInvariant(),
        health.FailingSince,
        health.LastSuccessAt,
        health.LastError,
        health.PendingDeliveries);
}

/// <summary>A destination, as JSON: secrets masked, with its status and recent attempts.</summary>
public sealed record DestinationDto(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("secret")] string? Secret,
    [property: JsonPropertyName("smtp")] SmtpSettingsDto? Smtp,
    [property: JsonPropertyName("allow_private_network")] bool AllowPrivateNetwork,
    [property: JsonPropertyName("coalesce_window_seconds")] double CoalesceWindowSeconds,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("status")] DestinationHealthDto Status,
    [property: JsonPropertyName("pending_deliveries")] int PendingDeliveries,
    [property: JsonPropertyName("recent_attempts")] IReadOnlyList<DeliveryAttemptDto> RecentAttempts)
{
    public static DestinationDto From(DestinationView view, string? revealedSecret = null) => new(
        view.Id,
        DestinationTypes.Name(view.Type),
        view.Name,
        view.Url,
        revealedSecret ?? view.SecretMasked,
        SmtpSettingsDto.FromSettings(view.Smtp),
        view.AllowPrivateNetwork,
        view.CoalesceWindow.TotalSeconds,
        view.CreatedAt,
        DestinationHealthDto.From(view.Health),
        view.PendingDeliveries,
        [.. view.RecentAttempts.Select(DeliveryAttemptDto.From)]);
}

/// <summary>The JSON names of the destination types.</summary>
public static class DestinationTypes
{
    public static string Name(DestinationType type) => type switch
    {
        DestinationType.Webhook => "webhook",
        DestinationType.Slack => "slack",
        _ => "email",
    };

    public static DestinationType? Parse(string? name) => name switch
    {
        "webhook" => DestinationType.Webhook,
        "slack" => DestinationType.Slack,
        "email" => DestinationType.Email,
        _ => null,
    };
}
