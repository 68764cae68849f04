using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Sts;

/// <summary>Issues the <c>ASIA…</c> keys with session tokens that STS actions return.</summary>
public static class TemporaryCredentials
{
    /// <summary>Creates and stores a temporary key; the caller holds the state lock.</summary>
    public static AccessKeyState Issue(EmulatorState state, string accountId, DateTimeOffset now, TimeSpan duration, Action<AccessKeyState> describe)
    {
        var key = new AccessKeyState
        {
            AccessKeyId = AwsIds.AccessKeyId("ASIA", accountId),
            SecretAccessKey = AwsIds.SecretAccessKey(),
            AccountId = accountId,
            SessionToken = AwsIds.SessionToken(),
            CreatedAt = now,
            Expiration = now + duration,
        };
        describe(key);
        state.AccessKeys[key.AccessKeyId] = key;
        return key;
    }
}
