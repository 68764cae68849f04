namespace Honeytoken.Bench.Logs.Generation;

/// <summary>The kind of caller a generated record names in <c>userIdentity</c>.</summary>
internal enum CallerKind
{
    IamUser,
    ConsoleUser,
    AssumedRole,
    AwsService,
}

/// <summary>An IAM user with its long-term key, or a console session of it with a temporary key.</summary>
internal sealed record IamUserIdentity(string UserName, string PrincipalId, string AccessKeyId, string ConsoleAccessKeyId);

/// <summary>An IAM role and the temporary keys of its sessions.</summary>
internal sealed record RoleIdentity(string RoleName, string RoleId, IReadOnlyList<(string SessionName, string AccessKeyId)> Sessions);

/// <summary>
/// The callers of a generated account. The same identities recur across all files, as in a
/// real account, so a router's cache gets the same reuse as in production: dozens of users,
/// a few dozen roles and about a thousand session keys.
/// </summary>
internal sealed class IdentityPool
{
    private const int UserCount = 60;
    private const int RoleCount = 40;
    private const int SessionsPerRole = 25;

    private static readonly string[] RoleNames =
    [
        "ec2-instance-role", "lambda-execution", "ecs-task", "github-actions-deploy", "admin", "read-only",
        "data-pipeline", "eks-node", "backup-operator", "billing-reader",
    ];

    private static readonly string[] SessionNames = ["i-0{0:x15}", "aws-go-sdk-{0}", "botocore-session-{0}", "user{0}@example.com", "GitHubActions-{0}"];

    public IdentityPool(Random random)
    {
        Users = Enumerable.Range(0, UserCount)
            .Select(i => new IamUserIdentity(
                $"user-{i:D3}",
                "AIDA" + RandomText.Upper(random, 17),
                "AKIA" + RandomText.Upper(random, 16),
                "ASIA" + RandomText.Upper(random, 16)))
            .ToArray();

        Roles = Enumerable.Range(0, RoleCount)
            .Select(i => new RoleIdentity(
                $"{RoleNames[i % RoleNames.Length]}-{i:D2}",
                "AROA" + RandomText.Upper(random, 17),
                Enumerable.Range(0, SessionsPerRole)
                    .Select(s => (string.Format(System.Globalization.CultureInfo.InvariantCulture, SessionNames[s % SessionNames.Length], random.NextInt64(1L << 40, 1L << 56)),
                        "ASIA" + RandomText.Upper(random, 16)))
                    .ToArray()))
            .ToArray();
    }

    public IReadOnlyList<IamUserIdentity> Users { get; }

    public IReadOnlyList<RoleIdentity> Roles { get; }
}

/// <summary>Random identifiers in the alphabets AWS uses.</summary>
internal static class RandomText
{
    private const string UpperAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string MixedAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    public static string Upper(Random random, int length) => Pick(random, UpperAlphabet, length);

    public static string Mixed(Random random, int length) => Pick(random, MixedAlphabet, length);

    public static string Hex(Random random, int length) => Pick(random, "0123456789abcdef", length);

    public static Guid Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Pick(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
