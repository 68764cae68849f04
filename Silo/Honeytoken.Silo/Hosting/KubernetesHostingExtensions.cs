using k8s;

namespace Honeytoken.Silo.Hosting;

/// <summary>
/// Turns on the Orleans Kubernetes hosting integration when the silo runs in a pod.
/// </summary>
public static class KubernetesHostingExtensions
{
    /// <summary>
    /// Uses <c>UseKubernetesHosting</c> when the process runs in a Kubernetes pod with a
    /// service account token, and does nothing elsewhere (the local profile, the tests).
    /// </summary>
    /// <remarks>
    /// The integration names the silo after the pod, listens on every interface, keeps the
    /// pod's <c>orleans/serviceId</c> and <c>orleans/clusterId</c> labels equal to the
    /// cluster options, and declares the silo of a deleted pod dead at once instead of after
    /// missed probes. It needs the pod RBAC in deploy/k8s/base/silo-rbac.yaml.
    /// </remarks>
    public static ISiloBuilder UseKubernetesHostingInPod(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        if (KubernetesClientConfiguration.IsInCluster())
        {
            builder.UseKubernetesHosting();
        }

        return builder;
    }
}
