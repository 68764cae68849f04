using System.Globalization;
using Npgsql;

namespace Honeytoken.Bench.Service.Scenarios;

/// <summary>
/// The real-time webhook under wrk against a bare ASP.NET endpoint that returns
/// 202, then a fixed rate of 1,000 requests a second against the webhook.
/// </summary>
/// <remarks>
/// The webhook returns 200 only after the honeytoken's grain has stored the event in
/// PostgreSQL (or found it stored already), so its latency is the latency to a stored event.
/// Every request carries a distinct CloudTrail eventID, so every 2xx is a new row.
/// </remarks>
public sealed class WebhookScenario(ServiceUnderTest service, ApiClient api, ResultTable results, string workDirectory)
{
    private const string Name = "Real-time webhook";
    private const int Tokens = 50;
    private const int Connections = 32;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private const int FixedRate = 1_000;
    private const int LightRate = 100;
    private static readonly TimeSpan FixedRateDuration = TimeSpan.FromSeconds(10);

    public async Task RunAsync()
    {
        var tokens = new List<CreatedToken>();
        for (var i = 0; i < Tokens; i++)
        {
            tokens.Add(await api.CreateTokenAsync($"bench-webhook-{i:000}"));
        }

        var keys = tokens.Select(token => token.AccessKeyId).ToList();
        var ids = tokens.Select(token => token.Id).ToArray();
        var template = EventBridgeEvents.Template(DateTimeOffset.UtcNow);
        var webhook = new Uri(service.ApiUri, "webhooks/aws/realtime");

        var barePort = ServiceUnderTest.FreePort();
        var bareUri = new Uri($"http://127.0.0.1:{barePort}{BareEndpoint.Path}");
        await using var bare = ChildProcess.StartDotnet(
            "bare-endpoint",
            typeof(WebhookScenario).Assembly.Location,
            ["bare-endpoint", "--urls", $"http://127.0.0.1:{barePort}"],
            new Dictionary<string, string>(),
            Path.Combine(service.LogDirectory, "bare-endpoint.log"));
        await WaitForListeningAsync(bareUri);

        // Warm both up (JIT, connection pools, grain activations) before measuring.
        var warmupScript = Script("warmup", template, keys);
        await Wrk.RunAsync(bareUri, warmupScript, Warmup, Connections);
        await Wrk.RunAsync(webhook, Script("warmup-webhook", template, keys), Warmup, Connections);

        var postgres = await PostgresServerProcessAsync();
        var rowsBefore = await CountEventsAsync(ids);
        var commitsBefore = await CountCommitsAsync();
        var cpuBefore = (Api: CpuTime.Of(service.Api.Id), Silo: CpuTime.Of(service.Silo!.Id), Postgres: CpuTime.OfTree(postgres));
        var measured = await Wrk.RunAsync(webhook, Script("webhook", template, keys), Duration, Connections);
        var cpuAfter = (Api: CpuTime.Of(service.Api.Id), Silo: CpuTime.Of(service.Silo!.Id), Postgres: CpuTime.OfTree(postgres));

        // Backends report their counters to pg_stat_database when idle, within 10 s (PostgreSQL 15).
        await Task.Delay(TimeSpan.FromSeconds(11));
        var commits = await CountCommitsAsync() - commitsBefore;
        var rowsAfter = await CountEventsAsync(ids);

        var bareCpuBefore = CpuTime.Of(bare.Id);
        var baseline = await Wrk.RunAsync(bareUri, Script("bare", template, keys), Duration, Connections);
        var bareCpu = CpuTime.Of(bare.Id) - bareCpuBefore;

        var ratio = measured.RequestsPerSecond / baseline.RequestsPerSecond;
        results.Add(new Figure(Name, $"requests/s, wrk -t2 -c{Connections} -d{Duration.TotalSeconds:0}s",
            $"{measured.RequestsPerSecond:0}", $"{baseline.RequestsPerSecond:0} (bare 202 endpoint)", $"{ratio:P0}", ">= 50 %", ratio >= 0.5));
        results.Add(new Figure(Name, "p50 latency under wrk", Latencies.Milliseconds(measured.P50), Latencies.Milliseconds(baseline.P50),
            $"{measured.P50 / baseline.P50:0.0}x", "-", null));
        results.Add(new Figure(Name, "p99 latency under wrk", Latencies.Milliseconds(measured.P99), Latencies.Milliseconds(baseline.P99),
            $"{measured.P99 / baseline.P99:0.0}x", "-", null));
        var stored = rowsAfter - rowsBefore;
        var answered = measured.Requests - measured.NonSuccess;
        // wrk stops counting at the end of the run while up to one request per connection is
        // still in flight, and those are stored too.
        results.Add(new Figure(Name, "events stored (rows in honeytoken_events) / 2xx responses", $"{stored} / {answered}",
            "-", $"{(double)stored / answered:P1}", $"every 2xx stored, plus at most {Connections} in flight at the end",
            stored >= answered && stored <= answered + Connections));
        // Where the time goes: CPU seconds of each process and PostgreSQL commits per stored event.
        var perThousand = 1000.0 / Math.Max(1, stored);
        results.Add(new Figure(Name, "CPU s per 1,000 events: Api / silo / PostgreSQL",
            $"{(cpuAfter.Api - cpuBefore.Api).TotalSeconds * perThousand:0.00} / {(cpuAfter.Silo - cpuBefore.Silo).TotalSeconds * perThousand:0.00} / {(cpuAfter.Postgres - cpuBefore.Postgres).TotalSeconds * perThousand:0.00}",
            $"{bareCpu.TotalSeconds * 1000.0 / Math.Max(1, baseline.Requests):0.00} (bare endpoint process)", "-", "-", null));
        results.Add(new Figure(Name, "PostgreSQL commits per stored event", $"{commits / (double)Math.Max(1, stored):0.0}", "-", "-", "-", null));
        if (measured.NonSuccess > 0 || measured.SocketErrors > 0)
        {
            results.Note($"The webhook returned {measured.NonSuccess} non-2xx responses and wrk counted {measured.SocketErrors} socket errors under load.");
        }

        await MeasureLightLoadAsync(webhook, keys, bareUri);

        var runId = Guid.NewGuid().ToString("N")[..8];
        var rowsBeforeFixed = await CountEventsAsync(ids);
        var fixedRate = await FixedRateLoad.RunAsync(
            webhook, FixedRate, FixedRateDuration,
            index => EventBridgeEvents.Create(keys[index % keys.Count], $"{runId}-fixed-{index:0000000}", DateTimeOffset.UtcNow),
            ServiceUnderTest.WebhookHeader, service.WebhookKey);
        var storedFixed = await CountEventsAsync(ids) - rowsBeforeFixed;
        var fixedBaseline = await FixedRateLoad.RunAsync(
            bareUri, FixedRate, FixedRateDuration,
            index => EventBridgeEvents.Create(keys[index % keys.Count], $"{runId}-bare-{index:0000000}", DateTimeOffset.UtcNow),
            ServiceUnderTest.WebhookHeader, service.WebhookKey);
        results.Add(new Figure(Name, $"p99 latency at a fixed {FixedRate:N0} requests/s for {FixedRateDuration.TotalSeconds:0} s",
            Latencies.Milliseconds(fixedRate.P99), Latencies.Milliseconds(fixedBaseline.P99),
            $"{fixedRate.P99 / fixedBaseline.P99:0.0}x", "< 20 ms", fixedRate.P99 < TimeSpan.FromMilliseconds(20)));
        results.Add(new Figure(Name, $"p50 / max latency at {FixedRate:N0} requests/s",
            $"{Latencies.Milliseconds(fixedRate.P50)} / {Latencies.Milliseconds(fixedRate.Max)}",
            $"{Latencies.Milliseconds(fixedBaseline.P50)} / {Latencies.Milliseconds(fixedBaseline.Max)}", "-", "-", null));
        results.Add(new Figure(Name, $"2xx / sent / stored at {FixedRate:N0} requests/s",
            $"{fixedRate.Succeeded} / {fixedRate.Sent} / {storedFixed} (sent at {fixedRate.AchievedPerSecond:0}/s)",
            $"{fixedBaseline.Succeeded} / {fixedBaseline.Sent} (sent at {fixedBaseline.AchievedPerSecond:0}/s)", "-", "all stored", storedFixed == fixedRate.Sent));
    }

    /// <summary>
    /// Measures the p99 at a rate the service sustains on a busy machine too, so that the
    /// latency of a stored event shows apart from queueing behind an overload.
    /// </summary>
    private async Task MeasureLightLoadAsync(Uri webhook, IReadOnlyList<string> keys, Uri bareUri)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var light = await FixedRateLoad.RunAsync(
            webhook, LightRate, FixedRateDuration,
            index => EventBridgeEvents.Create(keys[index % keys.Count], $"{runId}-light-{index:0000000}", DateTimeOffset.UtcNow),
            ServiceUnderTest.WebhookHeader, service.WebhookKey);
        var lightBaseline = await FixedRateLoad.RunAsync(
            bareUri, LightRate, FixedRateDuration,
            index => EventBridgeEvents.Create(keys[index % keys.Count], $"{runId}-light-bare-{index:0000000}", DateTimeOffset.UtcNow),
            ServiceUnderTest.WebhookHeader, service.WebhookKey);
        results.Add(new Figure(Name, $"p50 / p99 latency at a fixed {LightRate} requests/s, {light.Succeeded} of {light.Sent} 2xx",
            $"{Latencies.Milliseconds(light.P50)} / {Latencies.Milliseconds(light.P99)}",
            $"{Latencies.Milliseconds(lightBaseline.P50)} / {Latencies.Milliseconds(lightBaseline.P99)}",
            $"{light.P99 / lightBaseline.P99:0.0}x", "-", null));
    }

    private string Script(string run, string template, IReadOnlyList<string> keys) =>
        Wrk.WriteScript(Path.Combine(workDirectory, $"wrk-{run}.lua"), $"{run}-{Guid.NewGuid():N}"[..24], template, keys,
            ServiceUnderTest.WebhookHeader, service.WebhookKey);

    private async Task<long> CountEventsAsync(Guid[] tokenIds)
    {
        await using var connection = await service.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM honeytoken_events WHERE honeytoken_id = ANY (@ids)", connection);
        command.Parameters.AddWithValue("ids", tokenIds);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Returns the process id of the PostgreSQL server: the parent of this connection's backend.</summary>
    private async Task<int> PostgresServerProcessAsync()
    {
        await using var connection = await service.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return CpuTime.ParentOf(Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    /// <summary>Returns the committed transactions of the service's database since the server started.</summary>
    private async Task<long> CountCommitsAsync()
    {
        await using var connection = await service.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task WaitForListeningAsync(Uri url)
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var response = await http.PostAsync(url, new StringContent("{}"));
                if ((int)response.StatusCode == 202)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The bare endpoint at {url} did not start within 20 s.");
    }
}
