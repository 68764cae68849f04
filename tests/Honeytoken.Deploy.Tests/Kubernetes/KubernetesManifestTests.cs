using System.Text.Json;

namespace Honeytoken.Deploy.Tests.Kubernetes;

/// <summary>
/// Checks the rendered manifests for the properties that the network requirements and the
/// pod security settings promise, beyond what the Kubernetes schemas can express.
/// </summary>
public sealed class KubernetesManifestTests(RenderedManifests manifests) : IClassFixture<RenderedManifests>
{
    private static readonly string[] AwsHosts =
    [
        "sts.amazonaws.com",
        "sts.us-west-2.amazonaws.com",
        "iam.amazonaws.com",
        "s3-accesspoint.us-west-2.amazonaws.com",
        "organizations.us-east-1.amazonaws.com",
    ];

    public static TheoryData<string> Kustomizations => new(RenderedManifests.Kustomizations);

    public static TheoryData<string> ProductionKustomizations => new(
        RenderedManifests.Kustomizations.Where(name => name.StartsWith("overlays/production", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Kustomization_RendersObjectsThatMatchTheirSchemas(string kustomization)
    {
        var objects = manifests.Objects(kustomization);

        Assert.NotEmpty(objects.OfKind("Deployment"));
        Assert.Contains(" 0 invalid", manifests.ValidatorOutput(kustomization), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Containers_RunAsNonRootOnReadOnlyRootFilesystem(string kustomization)
    {
        foreach (var deployment in manifests.Objects(kustomization).OfKind("Deployment"))
        {
            var pod = deployment.At("spec", "template", "spec")!.Value;
            Assert.True(pod.At("securityContext", "runAsNonRoot")?.GetBoolean(), $"{deployment.Name()}: pod runAsNonRoot");
            Assert.NotEqual(0, pod.At("securityContext", "runAsUser")?.GetInt64());

            var emptyDirVolumes = pod.Items("volumes")
                .Where(volume => volume.At("emptyDir") is not null)
                .Select(volume => volume.String("name"))
                .ToHashSet();

            foreach (var container in deployment.Containers())
            {
                var label = $"{deployment.Name()}/{container.String("name")}";
                Assert.True(container.At("securityContext", "runAsNonRoot")?.GetBoolean(), $"{label}: runAsNonRoot");
                Assert.True(container.At("securityContext", "readOnlyRootFilesystem")?.GetBoolean(), $"{label}: readOnlyRootFilesystem");
                Assert.False(container.At("securityContext", "allowPrivilegeEscalation")?.GetBoolean() ?? true, $"{label}: allowPrivilegeEscalation");
                Assert.Contains("ALL", container.Items("securityContext", "capabilities", "drop").Select(item => item.GetString()));

                var tmp = container.Items("volumeMounts").SingleOrDefault(mount => mount.String("mountPath") == "/tmp");
                Assert.True(tmp.ValueKind == JsonValueKind.Object, $"{label}: no volume mounted on /tmp");
                Assert.Contains(tmp.String("name"), emptyDirVolumes);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Containers_ProbeHealthzForLivenessAndReadyzForReadiness(string kustomization)
    {
        foreach (var deployment in manifests.Objects(kustomization).OfKind("Deployment"))
        {
            foreach (var container in deployment.Containers())
            {
                var label = $"{deployment.Name()}/{container.String("name")}";
                var portNames = container.Items("ports").Select(port => port.String("name")).ToHashSet();

                Assert.Equal("/healthz", container.String("livenessProbe", "httpGet", "path"));
                Assert.Equal("/readyz", container.String("readinessProbe", "httpGet", "path"));
                Assert.True(portNames.Contains(container.String("livenessProbe", "httpGet", "port")), $"{label}: liveness port is not a declared port");
                Assert.True(portNames.Contains(container.String("readinessProbe", "httpGet", "port")), $"{label}: readiness port is not a declared port");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void SiloDeployment_IsSetUpForOrleansKubernetesHosting(string kustomization)
    {
        var objects = manifests.Objects(kustomization);
        var silo = objects.Single("Deployment", "honeytoken-silo");
        var template = silo.At("spec", "template")!.Value;
        var container = silo.Containers().Single();

        Assert.NotNull(template.String("metadata", "labels", "orleans/serviceId"));
        Assert.NotNull(template.String("metadata", "labels", "orleans/clusterId"));
        var downwardApi = new Dictionary<string, string>
        {
            ["ORLEANS_SERVICE_ID"] = "metadata.labels['orleans/serviceId']",
            ["ORLEANS_CLUSTER_ID"] = "metadata.labels['orleans/clusterId']",
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["POD_IP"] = "status.podIP",
        };
        foreach (var (variable, field) in downwardApi)
        {
            Assert.Equal(field, container.Env(variable)?.String("valueFrom", "fieldRef", "fieldPath"));
        }

        // One silo per node.
        var antiAffinity = template.Items("spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution").Single();
        Assert.Equal("kubernetes.io/hostname", antiAffinity.String("topologyKey"));
        foreach (var label in antiAffinity.At("labelSelector", "matchLabels")!.Value.EnumerateObject())
        {
            Assert.Equal(label.Value.GetString(), template.String("metadata", "labels", label.Name));
        }

        // The service account may read, watch and label pods, as the integration does.
        var account = template.String("spec", "serviceAccountName");
        var binding = objects.OfKind("RoleBinding").Single(item =>
            item.Items("subjects").Any(subject => subject.String("kind") == "ServiceAccount" && subject.String("name") == account));
        var role = objects.Single("Role", binding.String("roleRef", "name")!);
        var podVerbs = role.Items("rules")
            .Where(rule => rule.Items("resources").Any(resource => resource.GetString() == "pods"))
            .SelectMany(rule => rule.Items("verbs").Select(verb => verb.GetString()))
            .ToHashSet();
        Assert.Superset(new HashSet<string?> { "get", "list", "watch", "patch" }, podVerbs);

        // Orleans gets its whole shutdown budget before the kubelet's SIGKILL.
        var shutdownSeconds = int.Parse(container.Env("shutdownTimeoutSeconds")!.Value.String("value")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(template.At("spec", "terminationGracePeriodSeconds")!.Value.GetInt32() > shutdownSeconds);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ApiDeployment_JoinsTheSilosCluster(string kustomization)
    {
        var objects = manifests.Objects(kustomization);
        var siloLabels = objects.Single("Deployment", "honeytoken-silo").At("spec", "template", "metadata", "labels")!.Value;
        var api = objects.Single("Deployment", "honeytoken-api").Containers().Single();

        Assert.Equal(siloLabels.String("orleans/serviceId"), api.Env("Orleans__ServiceId")?.String("value"));
        Assert.Equal(siloLabels.String("orleans/clusterId"), api.Env("Orleans__ClusterId")?.String("value"));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void NetworkPolicies_DenyByDefault(string kustomization)
    {
        var policies = manifests.Objects(kustomization).OfKind("NetworkPolicy").ToList();

        var defaultDeny = policies.Where(policy =>
            policy.String("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == "honeytoken"
            && policy.At("spec", "podSelector", "matchLabels")!.Value.EnumerateObject().Count() == 1
            && policy.At("spec", "ingress") is null
            && policy.At("spec", "egress") is null);

        var policyTypes = defaultDeny.SelectMany(policy => policy.Items("spec", "policyTypes").Select(type => type.GetString())).ToHashSet();
        Assert.Contains("Ingress", policyTypes);
        Assert.Contains("Egress", policyTypes);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void NetworkPolicies_AllowEgressOnlyToDnsPostgresHttpsAndOrleans(string kustomization)
    {
        foreach (var policy in manifests.Objects(kustomization).OfKind("NetworkPolicy"))
        {
            foreach (var rule in policy.Items("spec", "egress"))
            {
                var ports = rule.Items("ports").ToList();
                Assert.True(ports.Count > 0, $"{policy.Name()}: an egress rule without ports allows every port");

                foreach (var port in ports)
                {
                    var number = port.At("port")!.Value.GetInt32();
                    var destinations = rule.Items("to").ToList();
                    switch (number)
                    {
                        case 53:
                            Assert.All(destinations, to => Assert.Equal("kube-dns", to.String("podSelector", "matchLabels", "k8s-app")));
                            Assert.NotEmpty(destinations);
                            break;
                        case 443 or 5432 or 6443:
                            break;
                        case 11111 or 30000:
                            Assert.NotEmpty(destinations);
                            Assert.All(destinations, to => Assert.Equal("silo", to.String("podSelector", "matchLabels", "app.kubernetes.io/component")));
                            break;
                        default:
                            Assert.Fail($"{policy.Name()}: egress to port {number} is not in the network requirements");
                            break;
                    }
                }
            }
        }
    }

    [Fact]
    public void CiliumPolicy_AllowsOnlyTheFiveAwsHosts()
    {
        var objects = manifests.Objects("overlays/production-cilium");
        var ciliumPolicies = objects.OfKind("CiliumNetworkPolicy").ToList();

        var fqdnRules = ciliumPolicies.SelectMany(policy => policy.Items("spec", "egress")).Where(rule => rule.At("toFQDNs") is not null).ToList();
        var hosts = fqdnRules.SelectMany(rule => rule.Items("toFQDNs")).Select(selector => selector.String("matchName")).ToList();
        Assert.Equal(AwsHosts.Order(), hosts.Order());
        Assert.DoesNotContain(fqdnRules.SelectMany(rule => rule.Items("toFQDNs")), selector => selector.At("matchPattern") is not null);

        var fqdnPorts = fqdnRules.SelectMany(rule => rule.Items("toPorts")).SelectMany(ports => ports.Items("ports")).Select(port => port.String("port"));
        Assert.All(fqdnPorts, port => Assert.Equal("443", port));

        // No standard NetworkPolicy may reopen 443 to every address beside the FQDN rule.
        var https = objects.OfKind("NetworkPolicy")
            .SelectMany(policy => policy.Items("spec", "egress"))
            .SelectMany(rule => rule.Items("ports"))
            .Where(port => port.At("port")!.Value.GetInt32() == 443);
        Assert.Empty(https);

        // Cilium learns the AWS addresses only from DNS answers that pass its DNS proxy, which
        // an L4-only rule for port 53 would bypass.
        var dns = objects.OfKind("NetworkPolicy")
            .SelectMany(policy => policy.Items("spec", "egress"))
            .SelectMany(rule => rule.Items("ports"))
            .Where(port => port.At("port")!.Value.GetInt32() == 53);
        Assert.Empty(dns);
        Assert.Contains(
            ciliumPolicies.SelectMany(policy => policy.Items("spec", "egress")).SelectMany(rule => rule.Items("toPorts")),
            ports => ports.Items("rules", "dns").Any());
    }

    [Theory]
    [MemberData(nameof(ProductionKustomizations))]
    public void WebhookSources_AreTheSameAtTheIngressAndThePods(string kustomization)
    {
        var objects = manifests.Objects(kustomization);
        var policy = objects.Single("NetworkPolicy", "honeytoken-webhooks-from-aws");
        var ingress = objects.Single("Ingress", "honeytoken-webhooks");

        var podRanges = policy.Items("spec", "ingress").SelectMany(rule => rule.Items("from"))
            .Select(from => from.String("ipBlock", "cidr")).ToList();
        var ingressRanges = ingress.String("metadata", "annotations", "nginx.ingress.kubernetes.io/whitelist-source-range")!
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(podRanges);
        Assert.DoesNotContain(null, podRanges);
        Assert.Equal(podRanges.Order(), ingressRanges.Order());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void WebhooksIngress_RoutesBothWebhooksOverTls(string kustomization)
    {
        var objects = manifests.Objects(kustomization);
        var webhooks = objects.Single("Ingress", "honeytoken-webhooks");

        var paths = webhooks.Items("spec", "rules").SelectMany(rule => rule.Items("http", "paths")).Select(path => path.String("path"));
        Assert.Equal(["/webhooks/aws/realtime", "/webhooks/aws/sns"], paths.Order());

        foreach (var ingress in objects.OfKind("Ingress"))
        {
            var tlsHosts = ingress.Items("spec", "tls").SelectMany(tls => tls.Items("hosts")).Select(host => host.GetString()).ToHashSet();
            Assert.All(ingress.Items("spec", "rules"), rule => Assert.Contains(rule.String("host"), tlsHosts));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void MetricsEndpoint_IsTheSamePortEverywhere(string kustomization)
    {
        var objects = manifests.Objects(kustomization);
        var scrapePort = objects.Single("NetworkPolicy", "honeytoken-metrics-scrape")
            .Items("spec", "ingress").Single().Items("ports").Single().At("port")!.Value.GetInt32();

        foreach (var deployment in objects.OfKind("Deployment"))
        {
            var annotations = deployment.At("spec", "template", "metadata", "annotations")!.Value;
            var container = deployment.Containers().Single();
            var containerPort = container.Items("ports").Single(port => port.String("name") == "metrics").At("containerPort")!.Value.GetInt32();
            var portText = containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal("true", annotations.String("prometheus.io/scrape"));
            Assert.Equal(portText, annotations.String("prometheus.io/port"));
            Assert.StartsWith("/", annotations.String("prometheus.io/path"), StringComparison.Ordinal);
            Assert.Equal(scrapePort, containerPort);

            // The process serves what the annotations announce, on the pod's address.
            Assert.Equal(portText, container.Env("Honeytoken__Metrics__Port")?.String("value"));
            Assert.Equal(annotations.String("prometheus.io/path"), container.Env("Honeytoken__Metrics__Path")?.String("value"));
            Assert.Equal("0.0.0.0", container.Env("Honeytoken__Metrics__Address")?.String("value"));
        }
    }

    [Theory]
    [MemberData(nameof(ProductionKustomizations))]
    public void ProductionObjects_LiveInTheHoneytokenNamespace(string kustomization)
    {
        foreach (var item in manifests.Objects(kustomization).Where(item => item.Kind() != "Namespace"))
        {
            Assert.True(item.String("metadata", "namespace") == "honeytoken", $"{item.Kind()} {item.Name()} is not in namespace honeytoken");
        }
    }

    [Fact]
    public void SecretTemplates_DefineEveryReferencedKeyWithPlaceholders()
    {
        var references = manifests.Objects("base").OfKind("Deployment")
            .SelectMany(deployment => deployment.Containers())
            .SelectMany(container => container.Items("env"))
            .Select(variable => variable.At("valueFrom", "secretKeyRef"))
            .OfType<JsonElement>()
            .Select(reference => (Name: reference.String("name"), Key: reference.String("key")))
            .Distinct()
            .ToList();

        Assert.Contains(references, reference => reference.Key == "Honeytoken__Secrets__EncryptionKey");
        Assert.Contains(references, reference => reference.Key == "ConnectionStrings__Honeytoken");
        Assert.Contains(references, reference => reference.Key == "HONEYTOKEN_BOOTSTRAP_TOKEN");
        foreach (var (name, key) in references)
        {
            var template = manifests.SecretTemplates.Single(item => item.Name() == name);
            Assert.Contains("REPLACE_ME", template.String("stringData", key!), StringComparison.Ordinal);
        }

        // Secrets stay out of the kustomizations, so applying them never overwrites real values.
        foreach (var kustomization in RenderedManifests.Kustomizations)
        {
            Assert.Empty(manifests.Objects(kustomization).OfKind("Secret"));
        }
    }
}
