using System.Text.Json;

namespace Honeytoken.Deploy.Tests.Kubernetes;

/// <summary>Navigation over rendered Kubernetes objects held as JSON.</summary>
internal static class Manifest
{
    public static string Kind(this JsonElement item) => item.GetProperty("kind").GetString()!;

    public static string Name(this JsonElement item) => item.GetProperty("metadata").GetProperty("name").GetString()!;

    /// <summary>Follows <paramref name="path"/> through nested objects; null when a step is missing.</summary>
    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The items of the array at <paramref name="path"/>; empty when it is missing.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static string? String(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static IEnumerable<JsonElement> OfKind(this IEnumerable<JsonElement> objects, string kind) =>
        objects.Where(item => item.Kind() == kind);

    public static JsonElement Single(this IEnumerable<JsonElement> objects, string kind, string name) =>
        objects.OfKind(kind).Single(item => item.Name() == name);

    /// <summary>The containers and init containers of a Deployment's pod template.</summary>
    public static IEnumerable<JsonElement> Containers(this JsonElement deployment) =>
        deployment.Items("spec", "template", "spec", "containers")
            .Concat(deployment.Items("spec", "template", "spec", "initContainers"));

    /// <summary>The value or the downward API field of the environment variable <paramref name="name"/>.</summary>
    public static JsonElement? Env(this JsonElement container, string name) =>
        container.Items("env").Cast<JsonElement?>().SingleOrDefault(variable => variable!.Value.String("name") == name);
}
