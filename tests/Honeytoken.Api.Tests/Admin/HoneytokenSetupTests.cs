using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.Api.Tests.Infrastructure;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Api.Tests.Admin;

[Collection(ApiCollection.Name)]
public sealed class HoneytokenSetupTests(ApiFixture fixture)
{
    private static readonly string[] Secrets =
    [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "honeytoken-local-external-id",
        "local-profile-webhook-key-0123456789abcdef0123456789abcdef",
    ];

    /// <summary>
    /// One sequence, because the installation has one configuration: nothing before the first
    /// upload, an accepted upload, rejected uploads that leave it in force, and masked reads.
    /// </summary>
    [Fact]
    public async Task Configuration_RejectedUpload_KeepsPrevious()
    {
        using var admin = fixture.CreateClient(fixture.BootstrapToken);
        var sample = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "aws_honeytoken_config.json"));

        using (var before = await admin.GetAsync("/v1/admin/honeytoken/config"))
        {
            await ProblemAssert.ProblemAsync(before, HttpStatusCode.NotFound);
        }

        var progressBefore = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/honeytoken/setup");
        Assert.Equal(SetupPhase.NotConfigured, progressBefore.GetProperty("phase").GetString());

        using (var accepted = await PutAsync(admin, sample))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal("/v1/admin/honeytoken/setup", accepted.Headers.Location?.OriginalString);
            var progress = await accepted.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var field in new[] { "phase", "accounts_ready", "accounts_target", "keys_provisioned", "keys_target",
                         "keys_available", "keys_per_minute", "last_error", "started_at", "updated_at" })
            {
                Assert.True(progress.TryGetProperty(field, out _), $"The progress lacks {field}: {progress}");
            }

            Assert.Equal(200, progress.GetProperty("keys_target").GetInt32());
        }

        // A file with several mistakes: every one is named, and nothing changes.
        var broken = JsonNode.Parse(sample)!;
        broken["management_role"]!["arn"] = "arn:aws:iam::12:role/x";
        broken["pool"]!["size"] = 0;
        broken["realtime"]!.AsObject().Remove("webhook_key");
        broken["pool"]!["colour"] = "blue";
        using (var rejected = await PutAsync(admin, broken.ToJsonString()))
        {
            var problem = await ProblemAssert.ProblemAsync(rejected, HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors");
            foreach (var field in new[] { "management_role.arn", "pool.size", "realtime.webhook_key", "pool.colour" })
            {
                Assert.True(errors.TryGetProperty(field, out var messages), $"No error names {field}: {problem}");
                Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
            }
        }

        using (var malformed = await PutAsync(admin, "{\"version\": 1,"))
        {
            var problem = await ProblemAssert.ProblemAsync(malformed, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("$", out _));
        }

        using (var oversized = await PutAsync(admin, new string(' ', HoneytokenConfigurationParser.MaxFileBytes + 10) + sample))
        {
            await ProblemAssert.ProblemAsync(oversized, HttpStatusCode.BadRequest);
        }

        // The accepted file is still in force, and its secrets are masked.
        var maskedJson = await admin.GetStringAsync("/v1/admin/honeytoken/config");
        var configuration = JsonNode.Parse(maskedJson)!;
        Assert.Equal("arn:aws:iam::123456789012:role/HoneytokenManager", configuration["management_role"]!["arn"]!.GetValue<string>());
        Assert.Equal(200, configuration["pool"]!["size"]!.GetValue<int>());
        Assert.Equal(HoneytokenConfigurationWriter.Mask, configuration["bootstrap_credentials"]!["secret_access_key"]!.GetValue<string>());
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, maskedJson, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Factory.Settings.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string json) =>
        client.PutAsync("/v1/admin/honeytoken/config", new StringContent(json, Encoding.UTF8, "application/json"));
}
