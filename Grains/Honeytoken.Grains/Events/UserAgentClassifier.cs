namespace Honeytoken.Grains.Events;

/// <summary>
/// Recognises the tool family of a CloudTrail <c>userAgent</c>: the AWS CLI, an AWS SDK by
/// language, Terraform, a secret scanner, the console or a known attack tool.
/// </summary>
public static class UserAgentClassifier
{
    // Order matters: the first match wins. Secret scanners and Terraform embed an SDK name in
    // their user agents, the CLI embeds botocore, and boto3 embeds botocore.
    private static readonly (string Needle, string Family, bool IsSecretScanner)[] Rules =
    [
        ("trufflehog", "trufflehog", true),
        ("gitguardian", "gitguardian", true),
        ("ggshield", "gitguardian", true),
        ("noseyparker", "noseyparker", true),
        ("nosey-parker", "noseyparker", true),
        ("gitleaks", "gitleaks", true),
        ("terraform", "terraform", false),
        ("pulumi", "pulumi", false),
        ("stratus-red-team", "stratus-red-team", false),
        ("pacu", "pacu", false),
        ("scoutsuite", "scoutsuite", false),
        ("prowler", "prowler", false),
        ("cloudfox", "cloudfox", false),
        ("aws-cli/", "aws-cli", false),
        ("awspowershell", "aws-powershell", false),
        ("aws-toolkit", "aws-toolkit", false),
        ("boto3/", "boto3", false),
        ("botocore/", "botocore", false),
        ("aws-sdk-java", "aws-sdk-java", false),
        ("aws-sdk-go", "aws-sdk-go", false),
        ("aws-sdk-js", "aws-sdk-js", false),
        ("aws-sdk-nodejs", "aws-sdk-js", false),
        ("aws-sdk-dotnet", "aws-sdk-dotnet", false),
        ("aws-sdk-ruby", "aws-sdk-ruby", false),
        ("aws-sdk-php", "aws-sdk-php", false),
        ("aws-sdk-rust", "aws-sdk-rust", false),
        ("aws-sdk-cpp", "aws-sdk-cpp", false),
        ("aws-sdk-kotlin", "aws-sdk-kotlin", false),
        ("aws-sdk-swift", "aws-sdk-swift", false),
        ("console.amazonaws.com", "console", false),
        ("signin.amazonaws.com", "console", false),
        ("mozilla/", "browser", false),
    ];

    /// <summary>
    /// Returns the tool family of <paramref name="userAgent"/>, such as <c>aws-cli</c> or
    /// <c>boto3</c>, or null when it is not recognised.
    /// </summary>
    public static string? GetToolFamily(string? userAgent) => Find(userAgent).Family;

    /// <summary>Returns whether <paramref name="userAgent"/> belongs to a known secret scanner.</summary>
    public static bool IsSecretScanner(string? userAgent) => Find(userAgent).IsSecretScanner;

    private static (string? Family, bool IsSecretScanner) Find(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return (null, false);
        }

        foreach (var (needle, family, isSecretScanner) in Rules)
        {
            if (userAgent.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return (family, isSecretScanner);
            }
        }

        return (null, false);
    }
}
