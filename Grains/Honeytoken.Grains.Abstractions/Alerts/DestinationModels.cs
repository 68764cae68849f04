namespace Honeytoken.Grains.Alerts;

/// <summary>How a destination receives alerts.</summary>
[GenerateSerializer]
public enum DestinationType
{
    /// <summary>A JSON POST signed with HMAC-SHA256.</summary>
    Webhook = 0,

    /// <summary>A Slack-compatible incoming webhook (Slack, Mattermost and others).</summary>
    Slack = 1,

    /// <summary>An e-mail sent over SMTP.</summary>
    Email = 2,
}

/// <summary>The SMTP server and addresses of an e-mail destination.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.smtp-settings.v1")]
public sealed record SmtpSettings
{
    [Id(0)] public required string Host { get; init; }

    /// <summary>The TCP port; 587 when not given.</summary>
    [Id(1)] public int? Port { get; init; }

    [Id(2)] public string? Username { get; init; }

    /// <summary>The password. Encrypted at rest and masked when read back.</summary>
    [Id(3)] public string? Password { get; init; }

    [Id(4)] public required string From { get; init; }

    [Id(5)] public IReadOnlyList<string> To { get; init; } = [];
}

/// <summary>The settings of a new destination.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.destination-settings.v1")]
public sealed record DestinationSettings
{
    [Id(0)] public required DestinationType Type { get; init; }

    [Id(1)] public required string Name { get; init; }

    /// <summary>The URL of a webhook or Slack destination.</summary>
    [Id(2)] public string? Url { get; init; }

    /// <summary>
    /// The HMAC key of a webhook destination. Generated when not given, and returned once in
    /// the creation result. Encrypted at rest and masked when read back.
    /// </summary>
    [Id(3)] public string? Secret { get; init; }

    [Id(4)] public SmtpSettings? Smtp { get; init; }

    /// <summary>Lets the destination reach loopback and private addresses; metadata addresses stay rejected.</summary>
    [Id(5)] public bool AllowPrivateNetwork { get; init; }

    /// <summary>How long further events on a triggered token are grouped; the configured default when null.</summary>
    [Id(6)] public TimeSpan? CoalesceWindow { get; init; }
}

/// <summary>A change to a destination; null fields keep their values. The type cannot change.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.destination-patch.v1")]
public sealed record DestinationPatch
{
    [Id(0)] public string? Name { get; init; }

    [Id(1)] public string? Url { get; init; }

    [Id(2)] public string? Secret { get; init; }

    [Id(3)] public SmtpSettings? Smtp { get; init; }

    [Id(4)] public bool? AllowPrivateNetwork { get; init; }

    [Id(5)] public TimeSpan? CoalesceWindow { get; init; }
}

/// <summary>Delivery health of a destination, as the health page shows it.</summary>
[GenerateSerializer]
public enum DestinationStatus
{
    /// <summary>No delivery attempted yet.</summary>
    Idle = 0,

    /// <summary>The last delivery succeeded.</summary>
    Ok = 1,

    /// <summary>Deliveries fail, but for less than the failing threshold.</summary>
    Retrying = 2,

    /// <summary>Deliveries have failed for longer than the failing threshold (an hour by default).</summary>
    Failing = 3,
}

/// <summary>The result of one delivery attempt.</summary>
[GenerateSerializer]
public enum AttemptOutcome
{
    Delivered = 0,

    /// <summary>Failed; the delivery is retried later.</summary>
    WillRetry = 1,

    /// <summary>Failed for the last time: the receiver rejected it, or retries ran out. The delivery is kept in the attempt history.</summary>
    GaveUp = 2,
}

/// <summary>One delivery attempt, kept per destination.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.delivery-attempt.v1")]
public sealed record DeliveryAttempt
{
    [Id(0)] public required Guid DeliveryId { get; init; }

    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary><c>honeytoken_triggered</c>, <c>new_honeytoken_event</c> or <c>test</c>.</summary>
    [Id(2)] public required string Action { get; init; }

    [Id(3)] public Guid? HoneytokenId { get; init; }

    /// <summary>The number of events the message covers.</summary>
    [Id(4)] public int EventCount { get; init; }

    /// <summary>1 for the first attempt of a delivery.</summary>
    [Id(5)] public required int AttemptNumber { get; init; }

    [Id(6)] public required AttemptOutcome Outcome { get; init; }

    /// <summary>The HTTP status code or SMTP reply code, when the receiver responded.</summary>
    [Id(7)] public int? StatusCode { get; init; }

    /// <summary>Why the attempt failed, without secrets.</summary>
    [Id(8)] public string? Error { get; init; }

    [Id(9)] public required TimeSpan Duration { get; init; }

    /// <summary>When the next attempt is due, for <see cref="AttemptOutcome.WillRetry"/>.</summary>
    [Id(10)] public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>A destination as the API shows it: secrets masked, with its delivery status.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.destination-view.v1")]
public sealed record DestinationView
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required DestinationType Type { get; init; }

    [Id(2)] public required string Name { get; init; }

    /// <summary>The URL; for a Slack-compatible webhook only its scheme and host, because its path is the credential.</summary>
    [Id(3)] public string? Url { get; init; }

    /// <summary><c>********</c> when a secret is set, or null when there is none.</summary>
    [Id(4)] public string? SecretMasked { get; init; }

    /// <summary>The SMTP settings with the password masked.</summary>
    [Id(5)] public SmtpSettings? Smtp { get; init; }

    [Id(6)] public required bool AllowPrivateNetwork { get; init; }

    [Id(7)] public required TimeSpan CoalesceWindow { get; init; }

    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(9)] public required DestinationHealth Health { get; init; }

    /// <summary>Deliveries queued or being retried, and events still being coalesced.</summary>
    [Id(10)] public required int PendingDeliveries { get; init; }

    /// <summary>The most recent attempts, newest first.</summary>
    [Id(11)] public IReadOnlyList<DeliveryAttempt> RecentAttempts { get; init; } = [];
}

/// <summary>The delivery health of one destination.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.destination-health.v1")]
public sealed record DestinationHealth
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string Name { get; init; }

    [Id(2)] public required DestinationStatus Status { get; init; }

    /// <summary>The first failure of the current run of failures, or null after a success.</summary>
    [Id(3)] public DateTimeOffset? FailingSince { get; init; }

    [Id(4)] public DateTimeOffset? LastSuccessAt { get; init; }

    [Id(5)] public string? LastError { get; init; }

    [Id(6)] public required int PendingDeliveries { get; init; }
}

/// <summary>Why a destination operation failed.</summary>
[GenerateSerializer]
public enum DestinationErrorKind
{
    /// <summary>A field is invalid; <see cref="DestinationResult.Field"/> names it.</summary>
    Invalid = 0,

    NotFound = 1,
}

/// <summary>The destination after a change, or the error that prevented it.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.destination-result.v1")]
public sealed record DestinationResult
{
    [Id(0)] public DestinationView? Destination { get; init; }

    [Id(1)] public DestinationErrorKind? Error { get; init; }

    /// <summary>The JSON field at fault, such as <c>url</c>.</summary>
    [Id(2)] public string? Field { get; init; }

    [Id(3)] public string? Message { get; init; }

    /// <summary>The generated webhook secret, returned once at creation; null otherwise.</summary>
    [Id(4)] public string? GeneratedSecret { get; init; }

    /// <summary>The id of the queued test delivery, for <see cref="IAlertDestinationGrain.SendTestAsync"/>.</summary>
    [Id(5)] public Guid? DeliveryId { get; init; }

    public static DestinationResult Invalid(string field, string message) =>
        new() { Error = DestinationErrorKind.Invalid, Field = field, Message = message };

    public static DestinationResult NotFound(Guid id) =>
        new() { Error = DestinationErrorKind.NotFound, Message = $"Destination {id} does not exist." };
}
