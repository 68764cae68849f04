using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.AwsEmulator.Control;

/// <summary>Typed client of the emulator's control API under <c>/_emulator/</c>.</summary>
public sealed class EmulatorControlClient(Uri baseUri) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Returns the seeded account, keys, role, bucket, access point and topic.</summary>
    public async Task<EmulatorSummary> GetSeedAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<EmulatorSummary>("_emulator/seed", Json, cancellationToken))!;

    /// <summary>Adds the seed's entities that do not exist yet, and applies its delivery targets.</summary>
    public Task ApplySeedAsync(EmulatorSeed seed, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_emulator/seed", seed, cancellationToken);

    public async Task<FaultSettings> GetFaultsAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<FaultSettings>("_emulator/faults", Json, cancellationToken))!;

    /// <summary>Replaces the fault settings; <c>new FaultSettings()</c> restores good behaviour.</summary>
    public Task SetFaultsAsync(FaultSettings settings, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "_emulator/faults", settings, cancellationToken);

    /// <summary>Sets the webhooks; a new SNS endpoint receives a SubscriptionConfirmation.</summary>
    public Task SetDeliveriesAsync(DeliveryTargets targets, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "_emulator/deliveries", targets, cancellationToken);

    /// <summary>Sends every queued EventBridge event now.</summary>
    public Task FlushRealTimeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_emulator/deliveries/flush", null, cancellationToken);

    /// <summary>Returns the counts of webhook delivery attempts per kind and response status.</summary>
    public async Task<IReadOnlyList<DeliveryKindStatistics>> GetDeliveryStatisticsAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<List<DeliveryKindStatistics>>("_emulator/deliveries/statistics", Json, cancellationToken))!;

    /// <summary>Returns every IAM user and long-term access key in every account.</summary>
    public async Task<IamInventory> GetIamAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<IamInventory>("_emulator/iam", Json, cancellationToken))!;

    /// <summary>Writes pending log files now and returns the keys of the objects written.</summary>
    public async Task<IReadOnlyList<string>> FlushLogFilesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync("_emulator/cloudtrail/flush", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
        return body!["objects"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
    }

    /// <summary>Returns every CloudTrail record written so far, oldest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> GetRecordsAsync(CancellationToken cancellationToken = default)
    {
        var body = await http.GetFromJsonAsync<JsonObject>("_emulator/cloudtrail/records", Json, cancellationToken);
        return body!["Records"]!.AsArray().Select(r => r!.AsObject()).ToList();
    }

    /// <summary>Returns the <c>aws_honeytoken_config.json</c> that matches the seed and this emulator's address.</summary>
    public async Task<JsonObject> GetHoneytokenConfigAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<JsonObject>("_emulator/config", Json, cancellationToken))!;

    public void Dispose() => http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{method} {path} failed with {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }
    }
}
