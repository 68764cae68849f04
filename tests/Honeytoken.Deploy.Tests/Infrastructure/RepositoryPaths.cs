namespace Honeytoken.Deploy.Tests.Infrastructure;

/// <summary>Locations in the repository that the deploy tests read.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that contains HoneytokenOrleans.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>deploy/k8s, the kustomize base, overlays and validator.</summary>
    public static string Kubernetes => Path.Combine(Root, "deploy", "k8s");

    /// <summary>deploy/container/Container.props, the container image settings of both processes.</summary>
    public static string ContainerProps => Path.Combine(Root, "deploy", "container", "Container.props");

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
