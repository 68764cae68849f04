using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// The durable state of one destination: settings, the delivery queue in order, the events
/// being coalesced, and the recent attempts. Stored as JSON by the grain storage.
/// </summary>
public sealed class AlertDestinationState
{
    /// <summary>Null until the destination is created, and again after it is deleted.</summary>
    public DestinationConfig? Config { get; set; }

    /// <summary>Deliveries in the order they are sent. The head blocks the rest while it is retried, which keeps alerts in order per token.</summary>
    public List<PendingDelivery> Queue { get; set; } = [];

    /// <summary>Open coalescing windows, one per token.</summary>
    public List<CoalescingWindow> Windows { get; set; } = [];

    /// <summary>
    /// Hashes of the token and event of the latest notices queued, oldest first and at most
    /// <see cref="AlertDestinationGrain.RecentNoticesKept"/>, so that a notice sent again after
    /// a silo failure is not alerted twice.
    /// </summary>
    public List<string> RecentNotices { get; set; } = [];

    /// <summary>Newest first, at most <see cref="AlertOptions.RecentAttemptsKept"/>.</summary>
    public List<DeliveryAttempt> RecentAttempts { get; set; } = [];

    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>Stored settings of a destination; secrets encrypted by the secret protector.</summary>
public sealed class DestinationConfig
{
    public DestinationType Type { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The URL; for Slack only its scheme and host, the rest masked.</summary>
    public string? Url { get; set; }

    /// <summary>The encrypted URL of a Slack-compatible webhook, whose path is its credential.</summary>
    public byte[]? UrlProtected { get; set; }

    public byte[]? SecretProtected { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; }

    public string? SmtpUsername { get; set; }

    public byte[]? SmtpPasswordProtected { get; set; }

    public string? SmtpFrom { get; set; }

    public List<string> SmtpTo { get; set; } = [];

    public bool AllowPrivateNetwork { get; set; }

    public TimeSpan? CoalesceWindow { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}

/// <summary>The token fields an alert shows, copied without the secret key.</summary>
public sealed class AlertedHoneytoken
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? Status { get; set; }

    public string? AccessKeyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? TriggeredAt { get; set; }

    public List<CustomTag> CustomTags { get; set; } = [];

    public static AlertedHoneytoken From(HoneytokenSnapshot snapshot) => new()
    {
        Id = snapshot.Id,
        Name = snapshot.Name,
        Description = snapshot.Description,
        Status = snapshot.Status,
        AccessKeyId = snapshot.AccessKeyId,
        CreatedAt = snapshot.CreatedAt,
        TriggeredAt = snapshot.TriggeredAt,
        CustomTags = [.. snapshot.CustomTags],
    };
}

/// <summary>One message waiting to be delivered.</summary>
public sealed class PendingDelivery
{
    public Guid Id { get; set; }

    /// <summary><c>honeytoken_triggered</c>, <c>new_honeytoken_event</c> or <c>test</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>Null for a test alert.</summary>
    public AlertedHoneytoken? Honeytoken { get; set; }

    /// <summary>The first event the message covers; null for a test alert.</summary>
    public HoneytokenEventSummary? FirstEvent { get; set; }

    /// <summary>The last event the message covers, when it covers more than one.</summary>
    public HoneytokenEventSummary? LastEvent { get; set; }

    public int EventCount { get; set; }

    /// <summary>When the notice (or the first coalesced notice) reached the destination.</summary>
    public DateTimeOffset NoticedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? FirstAttemptAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Attempts rejected by the receiver with a 4xx status other than 408 and 429.</summary>
    public int ClientErrors { get; set; }
}

/// <summary>Further events on one token, counted until the window closes.</summary>
public sealed class CoalescingWindow
{
    public Guid HoneytokenId { get; set; }

    public AlertedHoneytoken Honeytoken { get; set; } = new();

    public HoneytokenEventSummary FirstEvent { get; set; } = null!;

    public HoneytokenEventSummary LastEvent { get; set; } = null!;

    public int EventCount { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }
}
