using System.Text.Json;

namespace Honeytoken.Grains.Events.Channels.RealTime;

/// <summary>
/// Parses the body of an EventBridge API-destination delivery: one event with a CloudTrail
/// record in <c>detail</c>.
/// </summary>
public static class EventBridgeEnvelopeParser
{
    /// <summary>
    /// Parses <paramref name="body"/>. Returns false with a reason when the body is not an
    /// EventBridge event. An event of another detail type parses, with
    /// <see cref="EventBridgeEnvelope.IsApiCall"/> false.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, CloudTrailParserLimits limits, out EventBridgeEnvelope? envelope, out string? error)
    {
        ArgumentNullException.ThrowIfNull(limits);

        envelope = null;
        try
        {
            envelope = Parse(body, limits);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = $"The body is not a valid EventBridge event: {exception.Message}";
            return false;
        }
    }

    private static EventBridgeEnvelope Parse(ReadOnlySpan<byte> body, CloudTrailParserLimits limits)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The body is not a JSON object.");
        }

        string? id = null, detailType = null, source = null, account = null, region = null, time = null;
        CloudTrailRecord? detail = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { id = ReadString(ref reader); }
            else if (reader.ValueTextEquals("detail-type"u8)) { detailType = ReadString(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { source = ReadString(ref reader); }
            else if (reader.ValueTextEquals("account"u8)) { account = ReadString(ref reader); }
            else if (reader.ValueTextEquals("region"u8)) { region = ReadString(ref reader); }
            else if (reader.ValueTextEquals("time"u8)) { time = ReadString(ref reader); }
            else if (reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    detail = CloudTrailRecordParser.Parse(body[start..(int)reader.BytesConsumed], offset: 0, limits);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The body is not a complete JSON object.");
        }

        // Reading past the object raises on anything but trailing whitespace.
        if (reader.Read())
        {
            throw new JsonException("Unexpected content follows the event.");
        }

        if (detail is not null && detail.RecipientAccountId is null && account is not null)
        {
            detail = detail with { RecipientAccountId = account };
        }

        return new EventBridgeEnvelope
        {
            Id = id,
            DetailType = detailType,
            Source = source,
            Account = account,
            Region = region,
            Time = time,
            Detail = detail,
        };
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
