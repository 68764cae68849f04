namespace Honeytoken.Grains.Events;

/// <summary>
/// The fields of one CloudTrail record that the service stores and routes on. String fields
/// are kept exactly as AWS wrote them: ids, account numbers, regions and addresses can have
/// unusual shapes, so none of them is validated.
/// </summary>
public sealed record CloudTrailRecord
{
    /// <summary>
    /// The byte offset of the record's opening brace in the decompressed log file, or 0 for a
    /// record that arrived on its own.
    /// </summary>
    public long Offset { get; init; }

    /// <summary>The CloudTrail <c>eventID</c>. Hand-written samples may omit or reuse it.</summary>
    public string? EventId { get; init; }

    /// <summary>The <c>eventTime</c> text as written in the record.</summary>
    public string? EventTimeText { get; init; }

    /// <summary>The <c>eventTime</c> parsed as UTC, or null when the text is missing or not a date.</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>The service endpoint that received the call, such as <c>sts.amazonaws.com</c>.</summary>
    public string? EventSource { get; init; }

    /// <summary>The API action, such as <c>GetCallerIdentity</c>.</summary>
    public string? EventName { get; init; }

    /// <summary>The region the request was sent to.</summary>
    public string? AwsRegion { get; init; }

    /// <summary>The caller's address, a service name such as <c>ec2.amazonaws.com</c>, or <c>AWS Internal</c>.</summary>
    public string? SourceIpAddress { get; init; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The AWS error code when the call failed, such as <c>AccessDenied</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The AWS error message when the call failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Whether the call only reads, or null when the record omits it.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>The <c>eventType</c>, such as <c>AwsApiCall</c> or <c>AwsConsoleSignIn</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>The <c>eventCategory</c>, such as <c>Management</c>, <c>Data</c> or <c>Insight</c>.</summary>
    public string? EventCategory { get; init; }

    /// <summary>The account that received the record.</summary>
    public string? RecipientAccountId { get; init; }

    /// <summary>The <c>requestID</c> that AWS assigned to the call.</summary>
    public string? RequestId { get; init; }

    /// <summary>The caller, or null for records without a <c>userIdentity</c> block.</summary>
    public CloudTrailUserIdentity? UserIdentity { get; init; }

    /// <summary>The <c>requestParameters</c> value as raw JSON, or null when absent or JSON null.</summary>
    public BoundedJson? RequestParameters { get; init; }

    /// <summary>The <c>responseElements</c> value as raw JSON, or null when absent or JSON null.</summary>
    public BoundedJson? ResponseElements { get; init; }

    /// <summary>
    /// The access key id in <c>responseElements.credentials.accessKeyId</c>: the temporary key
    /// that a call such as <c>GetSessionToken</c> returned.
    /// </summary>
    public string? IssuedAccessKeyId { get; init; }

    /// <summary>
    /// The whole record as raw JSON, bounded in size, or <see cref="BoundedJson.NotCaptured"/>
    /// when it was parsed without raw JSON.
    /// </summary>
    public required BoundedJson RawRecord { get; init; }
}
