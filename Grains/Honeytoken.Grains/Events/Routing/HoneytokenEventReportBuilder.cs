using System.Text;
using System.Text.Json;

namespace Honeytoken.Grains.Events.Routing;

/// <summary>
/// Turns a CloudTrail record attributed to a honeytoken into the report that its grain stores.
/// </summary>
/// <remarks>
/// Every string goes through <see cref="PostgresStorageForm"/>: a NUL character would make
/// PostgreSQL reject the row (in <c>text</c>) or the <c>data</c> document (in <c>jsonb</c>),
/// and one such value must not lose the whole event.
/// </remarks>
public static class HoneytokenEventReportBuilder
{
    /// <summary>Builds the report of <paramref name="record"/> for <paramref name="channel"/>.</summary>
    public static HoneytokenEventReport Build(
        CloudTrailRecord record,
        AttributionMatch match,
        string channel,
        DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(channel);

        return new HoneytokenEventReport
        {
            EventKey = PostgresStorageForm.ToText(EventDeduplicationKey.Create(record))!,
            EventTime = record.EventTime ?? receivedAt,
            Action = PostgresStorageForm.ToText(FormatAction(record.EventSource, record.EventName))!,
            Region = PostgresStorageForm.ToText(record.AwsRegion),
            IpAddress = PostgresStorageForm.ToText(record.SourceIpAddress),
            UserAgent = PostgresStorageForm.ToText(record.UserAgent),
            ErrorCode = PostgresStorageForm.ToText(record.ErrorCode),
            ErrorMessage = PostgresStorageForm.ToText(record.ErrorMessage),
            DataJson = BuildData(record, match),
            RawRecord = PostgresStorageForm.ToText(record.RawRecord.Text),
            Tags = EventTagger.GetTags(record),
            Channel = channel,
        };
    }

    /// <summary>
    /// Returns <c>service:Action</c>, such as <c>sts:GetCallerIdentity</c> for the source
    /// <c>sts.amazonaws.com</c>. The event name is kept as written, API version suffix included.
    /// </summary>
    public static string FormatAction(string? eventSource, string? eventName)
    {
        var service = eventSource ?? "unknown";
        var dot = service.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            service = service[..dot];
        }

        return service + ":" + (eventName ?? "unknown");
    }

    private static string BuildData(CloudTrailRecord record, AttributionMatch match)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            WriteText(writer, "event_id", record.EventId);
            WriteText(writer, "event_source", record.EventSource);
            WriteText(writer, "event_name", record.EventName);
            WriteText(writer, "event_time", record.EventTimeText);
            WriteText(writer, "event_type", record.EventType);
            WriteText(writer, "event_category", record.EventCategory);
            WriteText(writer, "recipient_account_id", record.RecipientAccountId);
            WriteText(writer, "request_id", record.RequestId);
            if (record.ReadOnly is bool readOnly)
            {
                writer.WriteBoolean("read_only", readOnly);
            }

            writer.WriteString("attributed_by", match.ToString());
            WriteUserIdentity(writer, record.UserIdentity);
            if (record.RequestParameters is { } parameters)
            {
                writer.WritePropertyName("request_parameters");
                writer.WriteRawValue(PostgresStorageForm.ToJsonb(parameters), skipInputValidation: false);
            }

            WriteText(writer, "issued_access_key_id", record.IssuedAccessKeyId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteUserIdentity(Utf8JsonWriter writer, CloudTrailUserIdentity? identity)
    {
        if (identity is null)
        {
            return;
        }

        writer.WriteStartObject("user_identity");
        WriteText(writer, "type", identity.Type);
        WriteText(writer, "principal_id", identity.PrincipalId);
        WriteText(writer, "arn", identity.Arn);
        WriteText(writer, "account_id", identity.AccountId);
        WriteText(writer, "access_key_id", identity.AccessKeyId);
        WriteText(writer, "user_name", identity.UserName);
        WriteText(writer, "invoked_by", identity.InvokedBy);
        if (identity.SessionIssuer is { } issuer)
        {
            writer.WriteStartObject("session_issuer");
            WriteText(writer, "type", issuer.Type);
            WriteText(writer, "principal_id", issuer.PrincipalId);
            WriteText(writer, "arn", issuer.Arn);
            WriteText(writer, "account_id", issuer.AccountId);
            WriteText(writer, "user_name", issuer.UserName);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, PostgresStorageForm.ToText(value));
        }
    }
}
