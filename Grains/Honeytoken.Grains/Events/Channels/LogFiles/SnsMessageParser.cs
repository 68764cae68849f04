using System.Text.Json;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Parses the body of an SNS HTTP(S) delivery. SNS sends JSON with
/// <c>Content-Type: text/plain</c>, so the body is parsed whatever its content type.
/// </summary>
/// <remarks>
/// Field names are matched without case, because some producers write <c>SigningCertUrl</c>
/// instead of <c>SigningCertURL</c>. A field that appears twice (under any casing) makes the
/// body invalid: the verifier and the consumer must never read different copies of a signed
/// value.
/// </remarks>
public static class SnsMessageParser
{
    /// <summary>
    /// Parses <paramref name="body"/>. Returns false with a reason when it is not a JSON object
    /// of string fields or repeats a field.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out SnsMessage? message, out string? error)
    {
        message = null;
        try
        {
            message = Parse(body);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = $"The body is not a valid SNS message: {exception.Message}";
            return false;
        }
    }

    private static SnsMessage Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The body is not a JSON object.");
        }

        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"The field {name} is {reader.TokenType}, not a string."),
            };

            if (!fields.TryAdd(name, value))
            {
                throw new JsonException($"The field {name} appears more than once.");
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("The body is not a single JSON object.");
        }

        var typeName = Get(fields, "Type");
        return new SnsMessage
        {
            TypeName = typeName,
            Type = typeName switch
            {
                "SubscriptionConfirmation" => SnsMessageType.SubscriptionConfirmation,
                "Notification" => SnsMessageType.Notification,
                "UnsubscribeConfirmation" => SnsMessageType.UnsubscribeConfirmation,
                _ => SnsMessageType.Unknown,
            },
            MessageId = Get(fields, "MessageId"),
            TopicArn = Get(fields, "TopicArn"),
            Subject = Get(fields, "Subject"),
            Message = Get(fields, "Message"),
            Timestamp = Get(fields, "Timestamp"),
            SignatureVersion = Get(fields, "SignatureVersion"),
            Signature = Get(fields, "Signature"),
            SigningCertUrl = Get(fields, "SigningCertURL"),
            SubscribeUrl = Get(fields, "SubscribeURL"),
            UnsubscribeUrl = Get(fields, "UnsubscribeURL"),
            Token = Get(fields, "Token"),
        };
    }

    private static string? Get(Dictionary<string, string?> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;
}
