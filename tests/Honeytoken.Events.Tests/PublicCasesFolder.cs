namespace Honeytoken.Events.Tests;

/// <summary>
/// Locates the folder of public AWS samples that lives beside the repository (at
/// <c>../shared/cases</c> from the folder of <c>HoneytokenOrleans.sln</c>), or in the folder
/// named by the <c>HONEYTOKEN_PUBLIC_CASES</c> environment variable, which is for git worktrees
/// that are not next to it. The samples are not part of the repository.
/// </summary>
internal static class PublicCasesFolder
{
    public const string EnvironmentVariable = "HONEYTOKEN_PUBLIC_CASES";

    private static readonly Lazy<string?> Folder = new(Locate);

    /// <summary>The folder, or null when it is absent.</summary>
    public static string? Path => Folder.Value;

    /// <summary>Why the public case tests are skipped, or null when the folder exists.</summary>
    public static string? SkipReason => Path is null
        ? $"The public samples folder was not found: neither ../shared/cases beside the repository root (the folder of HoneytokenOrleans.sln) nor ${EnvironmentVariable} exists."
        : null;

    public static string File(string name) => System.IO.Path.Combine(Path ?? throw new InvalidOperationException(SkipReason), name);

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        // Walk up from the test binaries to the repository root; the depth is bounded by the path.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
            {
                var cases = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared", "cases"));
                return Directory.Exists(cases) ? cases : null;
            }
        }

        return null;
    }
}
