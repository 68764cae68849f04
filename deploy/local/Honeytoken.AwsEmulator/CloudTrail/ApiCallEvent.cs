using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Protocol;

namespace Honeytoken.AwsEmulator.CloudTrail;

/// <summary>Details of a call that the request handler passes to CloudTrail.</summary>
public sealed record ApiCallEvent
{
    public required CallerIdentity Caller { get; init; }

    public required string EventSource { get; init; }

    public required string EventName { get; init; }

    public required string Region { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    public required string SourceIpAddress { get; init; }

    public required string UserAgent { get; init; }

    public required string RequestId { get; init; }

    public required bool ReadOnly { get; init; }

    /// <summary>True for S3 object and listing calls, which CloudTrail logs as data events.</summary>
    public bool DataEvent { get; init; }

    public string? HostHeader { get; init; }

    /// <summary>TLS version of the connection; null for plain HTTP.</summary>
    public string? TlsVersion { get; init; }

    public string? CipherSuite { get; init; }

    public JsonObject? RequestParameters { get; init; }

    public JsonObject? ResponseElements { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Resources that data events list, such as the object's ARN.</summary>
    public JsonArray? Resources { get; init; }
}
