using System.Text.Json.Nodes;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>The response of a service handler, and what CloudTrail records about it.</summary>
public sealed class AwsResult
{
    public int StatusCode { get; init; } = 200;

    public required string ContentType { get; init; }

    public required byte[] Body { get; init; }

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The record's <c>responseElements</c>; null for calls that AWS logs without them.</summary>
    public JsonObject? ResponseElements { get; init; }
}
