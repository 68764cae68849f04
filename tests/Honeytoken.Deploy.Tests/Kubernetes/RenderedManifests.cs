using System.Text.Json;
using Honeytoken.Deploy.Tests.Infrastructure;

namespace Honeytoken.Deploy.Tests.Kubernetes;

/// <summary>
/// Renders each kustomization under deploy/k8s with <c>kubectl kustomize</c> once per test
/// run, validates the output with deploy/k8s/validate, and keeps the objects for the tests.
/// </summary>
public sealed class RenderedManifests : IAsyncLifetime
{
    /// <summary>The kustomizations that an operator can apply, relative to deploy/k8s.</summary>
    public static readonly string[] Kustomizations = ["base", "overlays/production", "overlays/production-cilium"];

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, IReadOnlyList<JsonElement>> objects = [];
    private readonly Dictionary<string, string> validatorOutput = [];

    private static string ValidatorDirectory => Path.Combine(RepositoryPaths.Kubernetes, "validate");

    /// <summary>The objects that <paramref name="kustomization"/> renders to.</summary>
    public IReadOnlyList<JsonElement> Objects(string kustomization) => objects[kustomization];

    /// <summary>The secret templates under deploy/k8s/secrets, validated like the rest.</summary>
    public IReadOnlyList<JsonElement> SecretTemplates { get; private set; } = [];

    /// <summary>What the validator printed for <paramref name="kustomization"/>.</summary>
    public string ValidatorOutput(string kustomization) => validatorOutput[kustomization];

    public async Task InitializeAsync()
    {
        await InstallValidatorAsync();

        foreach (var kustomization in Kustomizations)
        {
            var rendered = await ProcessRunner.RunAsync(
                "kubectl", ["kustomize", Path.Combine(RepositoryPaths.Kubernetes, kustomization)], CommandTimeout);
            rendered.EnsureSuccess();

            var validated = await ValidateAsync([], rendered.StandardOutput);
            objects[kustomization] = validated.Objects;
            validatorOutput[kustomization] = validated.Messages;
        }

        var templates = Directory.GetFiles(Path.Combine(RepositoryPaths.Kubernetes, "secrets"), "*.yaml");
        SecretTemplates = (await ValidateAsync(templates, standardInput: null)).Objects;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // A fresh clone has no node_modules; npm ci installs exactly what package-lock.json names.
    private static async Task InstallValidatorAsync()
    {
        if (Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules")))
        {
            return;
        }

        var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], NpmTimeout, ValidatorDirectory);
        install.EnsureSuccess();
    }

    private static async Task<(IReadOnlyList<JsonElement> Objects, string Messages)> ValidateAsync(
        IEnumerable<string> files, string? standardInput)
    {
        var result = await ProcessRunner.RunAsync(
            "node", ["validate.mjs", "--json", .. files], CommandTimeout, ValidatorDirectory, standardInput);
        result.EnsureSuccess();

        using var document = JsonDocument.Parse(result.StandardOutput);
        var parsed = document.RootElement.EnumerateArray().Select(element => element.Clone()).ToList();
        return (parsed, result.StandardError);
    }
}
