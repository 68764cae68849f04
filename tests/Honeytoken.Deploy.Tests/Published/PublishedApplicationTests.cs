using System.Net;
using System.Text.Json;
using Honeytoken.Testing;
using Honeytoken.Testing.Processes;

namespace Honeytoken.Deploy.Tests.Published;

/// <summary>
/// Runs the published Api and silo as their container images would run them, against a real
/// PostgreSQL database, and checks that they start, become ready and stop on SIGTERM.
/// </summary>
public sealed class PublishedApplicationTests(PublishedApplications published) : IClassFixture<PublishedApplications>, IAsyncLifetime
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private PostgresTestDatabase? database;

    public async Task InitializeAsync() => database = await PostgresTestDatabase.CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConstrainedApiAndSilo_BecomeReadyAndStopCleanly()
    {
        var apiPort = FreeTcpPort.Next();
        var apiMetricsPort = FreeTcpPort.Next();
        var siloHealthPort = FreeTcpPort.Next();
        var siloMetricsPort = FreeTcpPort.Next();
        var apiFilesBefore = Snapshot(published.ApiDirectory);
        var siloFilesBefore = Snapshot(published.SiloDirectory);

        // The silo applies the database migrations at start, so that also runs constrained.
        await using var silo = await ConstrainedProcess.StartAsync("silo", published.SiloDirectory, "Honeytoken.Silo.dll", new Dictionary<string, string>(PublishedApplications.ImageEnvironment)
        {
            ["ConnectionStrings__Honeytoken"] = database!.ConnectionString,
            ["Orleans__SiloPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Honeytoken__Health__Port"] = siloHealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Honeytoken__Metrics__Port"] = siloMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Honeytoken__Secrets__EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        await using var api = await ConstrainedProcess.StartAsync("api", published.ApiDirectory, "Honeytoken.Api.dll", new Dictionary<string, string>(PublishedApplications.ImageEnvironment)
        {
            ["ConnectionStrings__Honeytoken"] = database.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["Honeytoken__Metrics__Port"] = apiMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // As in the Kubernetes manifests: a generated token would need a writable file.
            ["HONEYTOKEN_BOOTSTRAP_TOKEN"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });

        await WaitUntilReadyAsync(api, new Uri($"http://127.0.0.1:{apiPort}/readyz"), silo);

        var siloReadiness = await http.GetAsync(new Uri($"http://127.0.0.1:{siloHealthPort}/readyz"));
        Assert.Equal(HttpStatusCode.OK, siloReadiness.StatusCode);
        var apiLiveness = await http.GetAsync(new Uri($"http://127.0.0.1:{apiPort}/healthz"));
        Assert.Equal(HttpStatusCode.OK, apiLiveness.StatusCode);

        // Each process serves Prometheus metrics on its own port, under its own service name.
        var siloMetrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{siloMetricsPort}/metrics"));
        Assert.Contains("service_name=\"honeytoken-silo\"", siloMetrics, StringComparison.Ordinal);
        var apiMetrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{apiMetricsPort}/metrics"));
        Assert.Contains("service_name=\"honeytoken-api\"", apiMetrics, StringComparison.Ordinal);

        // The image's settings select the JSON console formatter: one object per line.
        foreach (var process in (ConstrainedProcess[])[silo, api])
        {
            var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                Assert.True(IsJsonLogEntry(line), $"The {process.Name} process wrote a log line that is not a JSON log entry: {line}");
            }
        }

        foreach (var process in (ConstrainedProcess[])[silo, api])
        {
            var (real, effective) = await process.ReadUserIdsAsync();
            Assert.True(real != 0, $"The {process.Name} process runs with real user id 0.");
            Assert.True(effective != 0, $"The {process.Name} process runs with effective user id 0.");
        }

        // Kubernetes stops a pod with SIGTERM; both hosts must shut down cleanly within the
        // grace period, the silo after leaving the cluster.
        Assert.Equal(0, await api.StopAsync(StopTimeout));
        Assert.Equal(0, await silo.StopAsync(StopTimeout));

        Assert.Equal(apiFilesBefore, Snapshot(published.ApiDirectory));
        Assert.Equal(siloFilesBefore, Snapshot(published.SiloDirectory));
    }

    // Polls because an outside process offers nothing to await; bounded by ReadinessTimeout
    // and stopped early when a process exits.
    private async Task WaitUntilReadyAsync(ConstrainedProcess api, Uri readiness, ConstrainedProcess silo)
    {
        using var deadline = new CancellationTokenSource(ReadinessTimeout);
        var lastAnswer = "no answer yet";
        while (!deadline.IsCancellationRequested)
        {
            foreach (var process in (ConstrainedProcess[])[api, silo])
            {
                Assert.False(process.HasExited, $"The {process.Name} process exited during start-up. Output:\n{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(readiness, deadline.Token);
                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline.Token)}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException exception)
            {
                lastAnswer = exception.Message;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(ReadinessPollInterval, CancellationToken.None);
        }

        Assert.Fail($"{readiness} did not return 200 within {ReadinessTimeout.TotalSeconds} s; last: {lastAnswer}\n" +
                    $"--- api ---\n{api.Output}\n--- silo ---\n{silo.Output}");
    }

    private static bool IsJsonLogEntry(string line)
    {
        try
        {
            using var entry = JsonDocument.Parse(line);
            return entry.RootElement.ValueKind == JsonValueKind.Object
                && entry.RootElement.TryGetProperty("LogLevel", out _)
                && entry.RootElement.TryGetProperty("Timestamp", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }


    // Every file's path, size and modification time: any write by the process changes it.
    private static List<string> Snapshot(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Select(file => $"{file.FullName} {(file.Attributes.HasFlag(FileAttributes.Directory) ? -1 : file.Length)} {file.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
