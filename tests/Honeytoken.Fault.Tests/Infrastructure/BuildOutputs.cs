namespace Honeytoken.Fault.Tests.Infrastructure;

/// <summary>The build output of the programs that the fault tests run as processes.</summary>
internal static class BuildOutputs
{
    /// <summary>The folder that contains HoneytokenOrleans.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build configuration of the tests (Release or Debug), which the programs were built with.</summary>
    public static string Configuration { get; } =
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;

    public static string Silo => Assembly("Silo/Honeytoken.Silo", "Honeytoken.Silo.dll");

    public static string Api => Assembly("Api/Honeytoken.Api", "Honeytoken.Api.dll");

    public static string Emulator => Assembly("deploy/local/Honeytoken.AwsEmulator", "Honeytoken.AwsEmulator.dll");

    private static string Assembly(string project, string fileName)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} does not exist; build the solution with -c {Configuration} first.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HoneytokenOrleans.sln found above {AppContext.BaseDirectory}.");
    }
}
