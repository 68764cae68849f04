using System.Diagnostics;
using System.Globalization;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Honeytoken.Bench.Service.Scenarios;

/// <summary>
/// The service with many honeytokens: list-page latency through the REST API,
/// silo memory with every token idle, and silo start-up time to /readyz.
/// </summary>
/// <remarks>
/// The tokens are made by the service itself: the silo provisions keys from the emulator
/// (IAM without a rate limit, 64 keys at a time), and an Orleans client in this process
/// takes each from the key pool and assigns it with <c>IHoneytokenGrain.AssignAsync</c>, the
/// two grain calls that <c>POST /v1/honeytokens</c> makes, without the REST API's rate limit
/// and HTTP overhead. The list baseline is measured once 1,000 tokens are assigned and the
/// pool is full again. The start-up and memory baselines are a silo on the empty database.
/// </remarks>
public sealed class ScaleScenario(ServiceUnderTest service, ApiClient api, ResultTable results, int tokenTarget, TimeSpan emptySiloStartUp, long emptySiloResident)
{
    private const string Name = "Scale";
    private const int Pages = 200;
    private const int PerPage = 100;
    private const int AssignWorkers = 16;
    private const int SweepWorkers = 32;
    private const int ListBaselineTokens = 1_000;

    // IAM allows 5,000 users in an account, so the tokens are spread over enough accounts.
    private const int UsersPerAccount = 5_000;

    // The pool stays small because its grain state contains every pooled id and is written on each take.
    private const int PoolSize = 2_000;

    public async Task RunAsync()
    {
        var baselineTokens = await CountAssignedAsync();

        // Seeding runs with more keys in flight and a short step interval, so the silo restarts.
        await service.StopSiloAsync();
        await service.StartSiloAsync(new SiloSettings { MaxConcurrentKeys = 64, StepInterval = TimeSpan.FromMilliseconds(20) });
        // Keys are spread evenly, and the first account also contains the keys of the earlier
        // scenarios, so a spare account keeps every account under the quota.
        var accounts = (int)Math.Ceiling((tokenTarget + PoolSize + baselineTokens) / (double)UsersPerAccount) + 2;
        await api.UploadConfigurationAsync(service.ConfigurationFile(PoolSize, accounts));

        // The list baseline is a small installation, so that the ratio shows how a page's
        // latency grows with the number of tokens rather than against empty pages.
        var seeding = Stopwatch.StartNew();
        var milestones = new List<string>();
        var skipped = await SeedAsync(Math.Min(ListBaselineTokens, tokenTarget) - baselineTokens, baselineTokens, seeding, milestones);
        seeding.Stop();
        var listBaselineTokens = await CountAssignedAsync();
        await WaitForFullPoolAsync();
        var baselineList = await MeasureListAsync();

        seeding.Start();
        skipped += await SeedAsync(tokenTarget - listBaselineTokens, listBaselineTokens, seeding, milestones);
        seeding.Stop();
        var assigned = await CountAssignedAsync();
        var rate = (assigned - baselineTokens) / seeding.Elapsed.TotalSeconds;
        results.Add(new Figure(Name, "tokens made (provisioned in the emulator, then assigned)", assigned.ToString("N0", CultureInfo.InvariantCulture),
            baselineTokens.ToString("N0", CultureInfo.InvariantCulture), "-", $"{tokenTarget:N0}", assigned >= tokenTarget));
        results.Note(string.Create(CultureInfo.InvariantCulture,
            $"Seeding {assigned - baselineTokens:N0} tokens took {seeding.Elapsed.TotalMinutes:0.0} min ({rate:0} tokens/s); {string.Join(", ", milestones)}; {skipped} pooled keys skipped because they were no longer pooled."));

        var list = await MeasureListAsync();
        results.Add(new Figure(Name, $"list page p95, {Pages} pages of {PerPage} (keyset cursor)", Latencies.Milliseconds(list.P95),
            $"{Latencies.Milliseconds(baselineList.P95)} at {listBaselineTokens:N0} tokens", $"{list.P95 / baselineList.P95:0.0}x", "-", null));
        results.Add(new Figure(Name, "list page p50", Latencies.Milliseconds(list.P50),
            $"{Latencies.Milliseconds(baselineList.P50)} at {listBaselineTokens:N0} tokens", $"{list.P50 / baselineList.P50:0.0}x", "-", null));

        // Start-up with every token stored, with the product's default settings.
        await service.StopSiloAsync();
        var startUp = await service.StartSiloAsync(new SiloSettings());
        results.Add(new Figure(Name, $"silo start-up to /readyz, {assigned:N0} tokens stored", Latencies.Milliseconds(startUp),
            $"{Latencies.Milliseconds(emptySiloStartUp)} (empty database)", $"{startUp / emptySiloStartUp:0.0}x", "-", null));

        await Task.Delay(TimeSpan.FromSeconds(10));
        var restingRss = service.Silo!.ResidentBytes();
        results.Add(new Figure(Name, "silo RSS at rest after restart (no token active)", Megabytes(restingRss),
            $"{Megabytes(emptySiloResident)} (empty database)", $"{(double)restingRss / emptySiloResident:0.0}x", "-", null));

        var sweep = Stopwatch.StartNew();
        var touched = await SweepAsync();
        sweep.Stop();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var sweptRss = service.Silo!.ResidentBytes();
        results.Add(new Figure(Name, $"silo RSS after a sweep that activated all {touched:N0} token grains", Megabytes(sweptRss),
            $"{Megabytes(emptySiloResident)} (empty database)", $"{(double)sweptRss / emptySiloResident:0.0}x", "-", null));
        results.Add(new Figure(Name, "RSS per active idle token grain", $"{(sweptRss - restingRss) / (double)touched / 1024:0.0} KiB",
            "-", "-", "-", null));
        results.Note(string.Create(CultureInfo.InvariantCulture,
            $"The sweep called IHoneytokenGrain.GetAsync on {touched:N0} tokens in {sweep.Elapsed.TotalSeconds:0} s ({touched / sweep.Elapsed.TotalSeconds:0} grain activations/s, each reading its state from PostgreSQL)."));
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MiB";

    /// <summary>
    /// Takes keys from the pool and assigns them until <paramref name="count"/> more tokens are
    /// assigned, adding progress notes to <paramref name="milestones"/>; returns how many pooled keys were skipped.
    /// </summary>
    private async Task<int> SeedAsync(int count, int assignedBefore, Stopwatch clock, List<string> milestones)
    {
        if (count <= 0)
        {
            return 0;
        }

        using var host = await StartClientAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var pool = grains.GetGrain<IKeyPoolGrain>(Installation.DefaultId);
        var remaining = count;
        var done = 0;
        var skipped = 0;
        var nextReport = 10_000;

        // Takes pooled keys until one is assigned. A key that is no longer pooled is skipped
        // for the next, as POST /v1/honeytokens does.
        async Task AssignOneAsync()
        {
            while (true)
            {
                if (await pool.TakeAsync() is not { } tokenId)
                {
                    // The pool is empty: provisioning is behind.
                    await Task.Delay(100);
                    continue;
                }

                var fields = new HoneytokenFields($"bench-scale-{tokenId:N}", "made by the scale benchmark", []);
                var result = await grains.GetGrain<IHoneytokenGrain>(tokenId).AssignAsync(fields, Actor.System);
                if (result.Succeeded)
                {
                    return;
                }

                if (result.Error is not { Kind: HoneytokenErrorKind.InvalidState } error)
                {
                    throw new InvalidOperationException($"Assigning token {tokenId} failed: {result.Error}");
                }

                Interlocked.Increment(ref skipped);
                Console.Error.WriteLine($"bench: scale: skipped key {tokenId}: {error.Message}");
            }
        }

        async Task WorkAsync()
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await AssignOneAsync();

                var total = assignedBefore + Interlocked.Increment(ref done);
                if (total % 10_000 == 0 || total == assignedBefore + count)
                {
                    lock (milestones)
                    {
                        if (total >= nextReport || total == assignedBefore + count)
                        {
                            milestones.Add(string.Create(CultureInfo.InvariantCulture, $"{total:N0} after {clock.Elapsed.TotalMinutes:0.0} min"));
                            Console.Error.WriteLine($"bench: scale: {total:N0} of {assignedBefore + count:N0} tokens assigned after {clock.Elapsed.TotalMinutes:0.0} min");
                            nextReport = total + 10_000;
                        }
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, AssignWorkers).Select(_ => Task.Run(WorkAsync)));
        await host.StopAsync();
        return skipped;
    }

    /// <summary>
    /// Waits until provisioning has refilled the key pool and stops, so that the list baseline
    /// is not measured beside the provisioning load that the 100,000-token figure has no part of.
    /// </summary>
    private async Task WaitForFullPoolAsync()
    {
        using var host = await StartClientAsync();
        var pool = host.Services.GetRequiredService<IClusterClient>().GetGrain<IKeyPoolGrain>(Installation.DefaultId);
        var clock = Stopwatch.StartNew();
        while (await pool.CountAsync() < PoolSize)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"The key pool did not refill to {PoolSize} keys within 5 minutes.");
            }

            await Task.Delay(500);
        }

        // The last keys' rows and routes are written just after they join the pool.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await host.StopAsync();
    }

    /// <summary>Calls GetAsync on every assigned token, which activates its grain; returns how many were touched.</summary>
    private async Task<int> SweepAsync()
    {
        var ids = new List<Guid>();
        await using (var connection = await service.OpenDatabaseAsync())
        await using (var command = new NpgsqlCommand("SELECT id FROM honeytokens WHERE lifecycle IN ('active', 'triggered')", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        using var host = await StartClientAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var next = -1;

        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < ids.Count)
            {
                _ = await grains.GetGrain<IHoneytokenGrain>(ids[index]).GetAsync(includeSecret: false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, SweepWorkers).Select(_ => Task.Run(WorkAsync)));
        await host.StopAsync();
        return ids.Count;
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseHoneytokenPostgresClustering(service.Database.ConnectionString)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = service.ClusterId;
                options.ServiceId = service.ClusterId;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<(TimeSpan P50, TimeSpan P95)> MeasureListAsync()
    {
        var latencies = new List<TimeSpan>();
        string? next = $"v1/honeytokens?per_page={PerPage}&ordering=created_at";
        while (latencies.Count < Pages)
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.Http.GetAsync(next);
            _ = await response.Content.ReadAsByteArrayAsync();
            latencies.Add(clock.Elapsed);
            response.EnsureSuccessStatusCode();

            // With few tokens the pages run out; start again from the first.
            next = NextLink(response) ?? $"v1/honeytokens?per_page={PerPage}&ordering=created_at";
        }

        return (Latencies.Percentile(latencies, 50), Latencies.Percentile(latencies, 95));
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values.SelectMany(v => v.Split(',')))
        {
            if (value.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                var start = value.IndexOf('<', StringComparison.Ordinal) + 1;
                var end = value.IndexOf('>', StringComparison.Ordinal);
                return value[start..end];
            }
        }

        return null;
    }

    private async Task<int> CountAssignedAsync()
    {
        await using var connection = await service.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM honeytokens WHERE lifecycle IN ('active', 'triggered')", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
