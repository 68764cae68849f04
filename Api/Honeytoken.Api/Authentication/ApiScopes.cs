namespace Honeytoken.Api.Authentication;

/// <summary>
/// The scopes an API token can carry. Each is also the name of the authorization policy that
/// requires it, so an endpoint states its scope with <c>RequireAuthorization(ApiScopes.X)</c>.
/// </summary>
public static class ApiScopes
{
    /// <summary>List and read honeytokens, their events and notes, and see secret keys with <c>show_token=true</c>.</summary>
    public const string HoneytokensRead = "honeytokens:read";

    /// <summary>Create, update, reset and revoke honeytokens, and write notes.</summary>
    public const string HoneytokensWrite = "honeytokens:write";

    /// <summary>Manage API tokens and the installation's configuration. It does not imply the other scopes.</summary>
    public const string Admin = "admin";

    /// <summary>The claim type that carries one scope per claim.</summary>
    public const string ClaimType = "scope";

    public static IReadOnlyList<string> All { get; } = [HoneytokensRead, HoneytokensWrite, Admin];
}
