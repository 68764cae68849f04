using System.Text.Json.Serialization;
using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>The body of <c>POST /v1/honeytokens</c>.</summary>
public sealed record CreateHoneytokenRequest(
    string? Name,
    string? Type,
    string? Description,
    IReadOnlyList<CustomTag>? CustomTags);

/// <summary>The body of <c>PATCH /v1/honeytokens/{id}</c>: a member left out keeps its value.</summary>
public sealed record UpdateHoneytokenRequest(
    string? Name,
    string? Description,
    IReadOnlyList<CustomTag>? CustomTags);

/// <summary>A honeytoken as the REST API returns it.</summary>
public sealed record HoneytokenResponse(
    Guid Id,
    string Name,
    string? Description,
    string Type,
    string Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? TriggeredAt,
    DateTimeOffset? RevokedAt,
    int OpenEventsCount,
    string? CreatorId,
    string? RevokerId,
    IReadOnlyList<CustomTag> CustomTags,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HoneytokenKeyResponse? Token)
{
    /// <summary>The only honeytoken type this service issues.</summary>
    public const string AwsType = "AWS";

    public static HoneytokenResponse From(HoneytokenSnapshot snapshot, bool showToken) => new(
        snapshot.Id,
        snapshot.Name,
        snapshot.Description,
        AwsType,
        snapshot.Status ?? HoneytokenStatus.Active,
        snapshot.CreatedAt,
        snapshot.TriggeredAt,
        snapshot.RevokedAt,
        snapshot.OpenEventsCount,
        snapshot.CreatorId,
        snapshot.RevokerId,
        snapshot.CustomTags,
        showToken && snapshot.AccessKeyId is not null ? new HoneytokenKeyResponse(snapshot.AccessKeyId, snapshot.SecretAccessKey) : null);
}

/// <summary>The AWS key pair of a honeytoken, returned only with <c>show_token=true</c>.</summary>
public sealed record HoneytokenKeyResponse(string AccessTokenId, string? SecretKey);
