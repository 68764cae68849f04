namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>
/// Finds the folder of public sample inputs: <c>../shared/cases</c> from the repository root,
/// or from a folder above it when the repository is a worktree checked out deeper.
/// </summary>
public static class CasesFolder
{
    /// <summary>Returns the folder, or null when it is absent on this machine.</summary>
    public static string? Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
        {
            directory = directory.Parent;
        }

        for (var parent = directory?.Parent; parent is not null; parent = parent.Parent)
        {
            var cases = Path.Combine(parent.FullName, "shared", "cases");
            if (Directory.Exists(cases))
            {
                return cases;
            }
        }

        return null;
    }
}
