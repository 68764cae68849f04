using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Parses one CloudTrail record from its UTF-8 JSON text, keeping the fields the service
/// stores. Unknown fields are skipped, missing ones stay null, and a field of an unexpected
/// JSON type (a number where a string is usual) is kept as its JSON text instead of failing.
/// </summary>
public static class CloudTrailRecordParser
{
    /// <summary>
    /// Parses the record in <paramref name="json"/>, which must contain exactly one JSON object.
    /// </summary>
    /// <param name="json">The record's UTF-8 JSON text.</param>
    /// <param name="offset">The offset of the record in its log file, stored on the result.</param>
    /// <param name="limits">The size limits for the raw JSON fields.</param>
    /// <param name="captureRawJson">
    /// Whether to copy <c>requestParameters</c>, <c>responseElements</c> and the raw record. When
    /// false they are left null and <see cref="CloudTrailRecord.RawRecord"/> is
    /// <see cref="BoundedJson.NotCaptured"/>, which saves copying records that will be dropped.
    /// </param>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static CloudTrailRecord Parse(ReadOnlySpan<byte> json, long offset, CloudTrailParserLimits limits, bool captureRawJson = true)
    {
        ArgumentNullException.ThrowIfNull(limits);

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A CloudTrail record must be a JSON object.");
        }

        var fields = new RecordFields();
        ReadTopLevel(ref reader, json, ref fields);

        // The issued key sits inside responseElements, which may come before or after
        // eventName, so it is extracted once the whole record has been read.
        string? issuedAccessKeyId = null;
        if (fields.ResponseElementsLength > 0)
        {
            var responseElements = json.Slice(fields.ResponseElementsStart, fields.ResponseElementsLength);
            issuedAccessKeyId = ReadIssuedAccessKeyId(responseElements);
        }

        return new CloudTrailRecord
        {
            Offset = offset,
            EventId = fields.EventId,
            EventTimeText = fields.EventTime,
            EventTime = ParseEventTime(fields.EventTime),
            EventSource = fields.EventSource,
            EventName = fields.EventName,
            AwsRegion = fields.AwsRegion,
            SourceIpAddress = fields.SourceIpAddress,
            UserAgent = fields.UserAgent,
            ErrorCode = fields.ErrorCode,
            ErrorMessage = fields.ErrorMessage,
            ReadOnly = fields.ReadOnly,
            EventType = fields.EventType,
            EventCategory = fields.EventCategory,
            RecipientAccountId = fields.RecipientAccountId,
            RequestId = fields.RequestId,
            UserIdentity = fields.UserIdentity,
            RequestParameters = captureRawJson && fields.RequestParametersLength > 0
                ? BoundedJson.FromUtf8(json.Slice(fields.RequestParametersStart, fields.RequestParametersLength), limits.MaxFieldBytes)
                : null,
            ResponseElements = captureRawJson && fields.ResponseElementsLength > 0
                ? BoundedJson.FromUtf8(json.Slice(fields.ResponseElementsStart, fields.ResponseElementsLength), limits.MaxFieldBytes)
                : null,
            IssuedAccessKeyId = issuedAccessKeyId,
            RawRecord = captureRawJson ? BoundedJson.FromUtf8(json, limits.MaxRawRecordBytes) : BoundedJson.NotCaptured,
        };
    }

    private static void ReadTopLevel(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RecordFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventID"u8)) { fields.EventId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("eventTime"u8)) { fields.EventTime = ReadText(ref reader); }
            else if (reader.ValueTextEquals("eventSource"u8)) { fields.EventSource = ReadText(ref reader); }
            else if (reader.ValueTextEquals("eventName"u8)) { fields.EventName = ReadText(ref reader); }
            else if (reader.ValueTextEquals("awsRegion"u8)) { fields.AwsRegion = ReadText(ref reader); }
            else if (reader.ValueTextEquals("sourceIPAddress"u8)) { fields.SourceIpAddress = ReadText(ref reader); }
            else if (reader.ValueTextEquals("userAgent"u8)) { fields.UserAgent = ReadText(ref reader); }
            else if (reader.ValueTextEquals("errorCode"u8)) { fields.ErrorCode = ReadText(ref reader); }
            else if (reader.ValueTextEquals("errorMessage"u8)) { fields.ErrorMessage = ReadText(ref reader); }
            else if (reader.ValueTextEquals("readOnly"u8)) { fields.ReadOnly = ReadBoolean(ref reader); }
            else if (reader.ValueTextEquals("eventType"u8)) { fields.EventType = ReadText(ref reader); }
            else if (reader.ValueTextEquals("eventCategory"u8)) { fields.EventCategory = ReadText(ref reader); }
            else if (reader.ValueTextEquals("recipientAccountId"u8)) { fields.RecipientAccountId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("requestID"u8)) { fields.RequestId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("userIdentity"u8)) { fields.UserIdentity = ReadUserIdentity(ref reader); }
            else if (reader.ValueTextEquals("requestParameters"u8))
            {
                (fields.RequestParametersStart, fields.RequestParametersLength) = ReadRawValue(ref reader);
            }
            else if (reader.ValueTextEquals("responseElements"u8))
            {
                (fields.ResponseElementsStart, fields.ResponseElementsLength) = ReadRawValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException($"The CloudTrail record at byte {reader.TokenStartIndex} is not a complete JSON object.");
        }

        // The span must contain the record and nothing else.
        if (reader.BytesConsumed != json.Length && json[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            throw new JsonException("Unexpected content follows the CloudTrail record.");
        }
    }

    private static CloudTrailUserIdentity? ReadUserIdentity(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? type = null, principalId = null, arn = null, accountId = null, accessKeyId = null, userName = null, invokedBy = null;
        CloudTrailSessionIssuer? sessionIssuer = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { type = ReadText(ref reader); }
            else if (reader.ValueTextEquals("principalId"u8)) { principalId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("arn"u8)) { arn = ReadText(ref reader); }
            else if (reader.ValueTextEquals("accountId"u8)) { accountId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("accessKeyId"u8)) { accessKeyId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("userName"u8)) { userName = ReadText(ref reader); }
            else if (reader.ValueTextEquals("invokedBy"u8)) { invokedBy = ReadText(ref reader); }
            else if (reader.ValueTextEquals("sessionContext"u8)) { sessionIssuer = ReadSessionIssuerFromContext(ref reader); }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CloudTrailUserIdentity
        {
            Type = type,
            PrincipalId = principalId,
            Arn = arn,
            AccountId = accountId,
            AccessKeyId = accessKeyId,
            UserName = userName,
            InvokedBy = invokedBy,
            SessionIssuer = sessionIssuer,
        };
    }

    private static CloudTrailSessionIssuer? ReadSessionIssuerFromContext(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        CloudTrailSessionIssuer? issuer = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sessionIssuer"u8))
            {
                issuer = ReadSessionIssuer(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return issuer;
    }

    private static CloudTrailSessionIssuer? ReadSessionIssuer(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? type = null, principalId = null, arn = null, accountId = null, userName = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { type = ReadText(ref reader); }
            else if (reader.ValueTextEquals("principalId"u8)) { principalId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("arn"u8)) { arn = ReadText(ref reader); }
            else if (reader.ValueTextEquals("accountId"u8)) { accountId = ReadText(ref reader); }
            else if (reader.ValueTextEquals("userName"u8)) { userName = ReadText(ref reader); }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // CloudTrail writes an empty "sessionIssuer": {} for console sessions of IAM users.
        if (type is null && principalId is null && arn is null && accountId is null && userName is null)
        {
            return null;
        }

        return new CloudTrailSessionIssuer
        {
            Type = type,
            PrincipalId = principalId,
            Arn = arn,
            AccountId = accountId,
            UserName = userName,
        };
    }

    private static string? ReadIssuedAccessKeyId(ReadOnlySpan<byte> responseElements)
    {
        var reader = new Utf8JsonReader(responseElements);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("credentials"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("accessKeyId"u8))
                {
                    var keyId = ReadText(ref reader);
                    return string.IsNullOrEmpty(keyId) ? null : keyId;
                }

                reader.Read();
                reader.Skip();
            }

            return null;
        }

        return null;
    }

    /// <summary>Reads the value after a property name as text, whatever its JSON type.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    private static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                // Some producers write "true" and "false" as strings.
                return reader.ValueTextEquals("true"u8) ? true : reader.ValueTextEquals("false"u8) ? false : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Returns the position and length of the value after a property name, or length 0 for JSON null.</summary>
    private static (int Start, int Length) ReadRawValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return (0, 0);
        }

        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return (start, (int)reader.BytesConsumed - start);
        }

        return (start, (int)reader.BytesConsumed - start);
    }

    private static DateTimeOffset? ParseEventTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>The values collected while reading the top level of a record.</summary>
    private struct RecordFields
    {
        public string? EventId;
        public string? EventTime;
        public string? EventSource;
        public string? EventName;
        public string? AwsRegion;
        public string? SourceIpAddress;
        public string? UserAgent;
        public string? ErrorCode;
        public string? ErrorMessage;
        public bool? ReadOnly;
        public string? EventType;
        public string? EventCategory;
        public string? RecipientAccountId;
        public string? RequestId;
        public CloudTrailUserIdentity? UserIdentity;
        public int RequestParametersStart;
        public int RequestParametersLength;
        public int ResponseElementsStart;
        public int ResponseElementsLength;
    }
}
