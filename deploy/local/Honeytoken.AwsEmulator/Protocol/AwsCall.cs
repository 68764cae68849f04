using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Signing;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>One authenticated AWS API call on its way to a service handler.</summary>
public sealed class AwsCall
{
    public required HttpContext Http { get; init; }

    public required string Action { get; init; }

    /// <summary>Region of the credential scope.</summary>
    public required string Region { get; init; }

    public required CallerIdentity Caller { get; init; }

    public required string RequestId { get; init; }

    public required byte[] Body { get; init; }

    public required SignedRequest Signed { get; init; }

    /// <summary>Query parameters and, for the query protocol, the form fields of the body.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Body of a JSON protocol call, or null.</summary>
    public JsonObject? Json { get; init; }

    /// <summary>Returns a required query protocol parameter, or throws the error AWS returns when it is missing.</summary>
    public string Required(string name) =>
        Parameters.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new AwsServiceException("ValidationError", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    /// <summary>Returns an optional query protocol parameter, or null.</summary>
    public string? Optional(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
