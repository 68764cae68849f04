using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// The principal that signed a request, as CloudTrail's <c>userIdentity</c> describes it.
/// <see cref="Type"/> is <c>IAMUser</c>, <c>AssumedRole</c> or <c>FederatedUser</c>;
/// <see cref="PrincipalId"/> is the user id, or the role id and session name joined by a
/// colon; <see cref="Administrator"/> is true when the principal may call every API.
/// </summary>
public sealed record CallerIdentity(
    string Type,
    string AccountId,
    string Arn,
    string PrincipalId,
    string? UserName,
    AccessKeyState Key,
    IamRoleState? Role,
    bool Administrator)
{
    /// <summary>Builds the identity of the key's owner. Returns null when the owner no longer exists.</summary>
    public static CallerIdentity? For(EmulatorState state, AccessKeyState key)
    {
        if (!state.Accounts.TryGetValue(key.AccountId, out var account))
        {
            return null;
        }

        if (key.RoleName is not null)
        {
            if (!account.Roles.TryGetValue(key.RoleName, out var role))
            {
                return null;
            }

            var arn = $"arn:aws:sts::{account.Id}:assumed-role/{role.RoleName}/{key.RoleSessionName}";
            return new CallerIdentity("AssumedRole", account.Id, arn, $"{role.RoleId}:{key.RoleSessionName}", null, key, role, role.Administrator);
        }

        if (key.FederatedUserName is not null)
        {
            // Federation tokens carry only the policies passed to GetFederationToken, and
            // the emulator accepts none, so a federated user may call nothing.
            var arn = $"arn:aws:sts::{account.Id}:federated-user/{key.FederatedUserName}";
            return new CallerIdentity("FederatedUser", account.Id, arn, $"{account.Id}:{key.FederatedUserName}", null, key, null, false);
        }

        if (key.UserName is null || !account.Users.TryGetValue(key.UserName, out var user))
        {
            return null;
        }

        return new CallerIdentity("IAMUser", account.Id, user.Arn, user.UserId, user.UserName, key, null, user.Administrator);
    }
}
