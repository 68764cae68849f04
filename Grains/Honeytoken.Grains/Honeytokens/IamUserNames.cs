using System.Security.Cryptography;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// Derives a honeytoken's IAM user name and path from its token id, so that a retry after a
/// crash requests the same user. The names read like the users of a real company: employees
/// (<c>maria.garcia</c>, <c>jchen2</c>) and service accounts (<c>jenkins-deploy-prod</c>), with
/// no prefix, path or tag that sets decoys apart.
/// </summary>
/// <remarks>
/// Different tokens can derive the same name. Each token claims its name in the query table
/// before it creates the user, and takes the next candidate (the next attempt number)
/// when another token has claimed it.
/// </remarks>
public static class IamUserNames
{
    // Attempts that may return a name without an added number.
    private const int PlainAttempts = 3;

    /// <summary>The first attempt whose names carry an added number, which makes clashes rare.</summary>
    public const int NumberedAttempt = PlainAttempts;

    private static readonly string[] FirstNames =
    [
        "maria", "james", "wei", "priya", "olga", "daniel", "sofia", "ahmed", "emma", "lucas",
        "yuki", "carlos", "fatima", "noah", "anna", "mateo", "chloe", "ivan", "laura", "omar",
        "grace", "diego", "hannah", "arjun", "julia", "samuel", "elena", "kenji", "nina", "peter",
        "sara", "thomas", "amira", "leo", "isabel", "ravi", "claire", "marco", "zoe", "david",
    ];

    private static readonly string[] LastNames =
    [
        "garcia", "smith", "chen", "patel", "ivanova", "mueller", "rossi", "hassan", "johnson", "silva",
        "tanaka", "lopez", "khan", "brown", "novak", "fernandez", "martin", "petrov", "schmidt", "ali",
        "wilson", "gomez", "fischer", "sharma", "costa", "taylor", "popescu", "sato", "kowalski", "nguyen",
        "larsen", "moreau", "haddad", "kim", "romero", "singh", "dubois", "bianchi", "walker", "park",
    ];

    private static readonly string[] Systems =
    [
        "jenkins", "github-actions", "terraform", "backup", "datadog", "grafana", "airflow", "gitlab-runner",
        "argocd", "snowflake", "tableau", "fivetran", "vault", "splunk", "circleci", "etl", "billing", "reporting",
    ];

    private static readonly string[] Purposes =
    [
        "deploy", "sync", "reader", "uploader", "export", "ci", "integration", "archiver", "ingest", "automation",
    ];

    private static readonly string[] Environments = ["prod", "staging", "dev", "ops"];

    private static readonly string[] EmployeePaths = ["/", "/", "/", "/engineering/", "/data/", "/finance/"];

    private static readonly string[] ServicePaths = ["/", "/", "/automation/", "/ci/"];

    /// <summary>Returns the user name and path of the given attempt for a token.</summary>
    public static (string UserName, string Path) Candidate(Guid tokenId, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);

        Span<byte> input = stackalloc byte[20];
        tokenId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], attempt);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);

        var first = FirstNames[hash[1] % FirstNames.Length];
        var last = LastNames[hash[2] % LastNames.Length];
        var number = 2 + (hash[3] % 98);

        // About two users in three look like people, the rest like service accounts.
        var (userName, path) = (hash[0] % 3) switch
        {
            0 => ($"{first}.{last}", EmployeePaths[hash[4] % EmployeePaths.Length]),
            1 => (hash[5] % 2 == 0 ? $"{first[0]}{last}" : $"{first[0]}{last}{number}", EmployeePaths[hash[4] % EmployeePaths.Length]),
            _ => ServiceName(hash),
        };

        // The plain names run out in a large account, so later attempts add a number, as
        // companies do for a second J. Chen.
        if (attempt >= PlainAttempts)
        {
            var suffix = 2 + (BitConverter.ToUInt16(hash[11..13]) % 9998);
            userName = char.IsDigit(userName[^1]) ? $"{userName}-{suffix}" : $"{userName}{suffix}";
        }

        return (userName, path);
    }

    private static (string, string) ServiceName(ReadOnlySpan<byte> hash)
    {
        var system = Systems[hash[6] % Systems.Length];
        var purpose = Purposes[hash[7] % Purposes.Length];
        var name = hash[8] % 2 == 0 ? $"{system}-{purpose}" : $"{system}-{purpose}-{Environments[hash[9] % Environments.Length]}";
        return (name, ServicePaths[hash[10] % ServicePaths.Length]);
    }
}
