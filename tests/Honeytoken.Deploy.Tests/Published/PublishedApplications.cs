using System.Reflection;
using System.Xml.Linq;
using Honeytoken.Deploy.Tests.Infrastructure;

namespace Honeytoken.Deploy.Tests.Published;

/// <summary>
/// The <c>dotnet publish</c> output of the Api and the silo, the same files that the
/// container images carry, published once per test run from the existing build.
/// </summary>
public sealed class PublishedApplications : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A folder outside /tmp, which the constrained processes replace with a private
    /// tmpfs, and outside the repository, whose parents (such as /root) another user may
    /// not be allowed to enter.
    /// </summary>
    public string Root { get; } = Path.Combine("/var/tmp", $"honeytoken-deploy-tests-{Guid.NewGuid():N}");

    public string ApiDirectory => Path.Combine(Root, "api");

    public string SiloDirectory => Path.Combine(Root, "silo");

    /// <summary>
    /// The environment variables that the container images set, from
    /// <c>deploy/container/Container.props</c>, except TMPDIR, which <see cref="ConstrainedProcess"/>
    /// points at the private temporary folder it makes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment { get; } = XDocument.Load(Infrastructure.RepositoryPaths.ContainerProps)
        .Descendants("ContainerEnvironmentVariable")
        .Select(variable => (Name: (string)variable.Attribute("Include")!, Value: (string)variable.Attribute("Value")!))
        .Where(variable => variable.Name != "TMPDIR")
        .ToDictionary(variable => variable.Name, variable => variable.Value);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, ReadableByAll);

        await PublishAsync(Path.Combine("Api", "Honeytoken.Api", "Honeytoken.Api.csproj"), ApiDirectory);
        await PublishAsync(Path.Combine("Silo", "Honeytoken.Silo", "Honeytoken.Silo.csproj"), SiloDirectory);
    }

    public Task DisposeAsync()
    {
        // Runs without root make the folders read-only; the owner may restore write access.
        foreach (var folder in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.UserWrite);
        }

        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static async Task PublishAsync(string project, string output)
    {
        // The projects were built in the tests' own configuration before the tests. Publishing
        // with --no-build in that configuration copies their files and compiles nothing.
        var configuration = typeof(PublishedApplications).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        var publish = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", project, "--configuration", configuration, "--no-build", "--output", output, "-nologo", "-v", "quiet"],
            PublishTimeout);
        publish.EnsureSuccess();
    }
}
