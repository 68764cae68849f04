using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Control;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Hosting;

/// <summary>The local seed file, the sample configuration file and the command line agree with the code.</summary>
public sealed class LocalProfileFilesTests
{
    private static readonly string DeployFolder = Path.Combine(AppContext.BaseDirectory, "deploy");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void SeedFile_MatchesBuiltInLocalSeed()
    {
        var file = JsonSerializer.Deserialize<EmulatorSeed>(File.ReadAllText(Path.Combine(DeployFolder, "emulator-seed.json")), Web)!;
        var builtIn = EmulatorSeed.CreateLocal();
        builtIn.Deliveries = file.Deliveries;

        Assert.Equal(JsonSerializer.Serialize(builtIn, Web), JsonSerializer.Serialize(file, Web));
    }

    [Fact]
    public void SeedFile_RealTimeKeyMatchesConfigFile()
    {
        var seed = JsonSerializer.Deserialize<EmulatorSeed>(File.ReadAllText(Path.Combine(DeployFolder, "emulator-seed.json")), Web)!;
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(DeployFolder, "aws_honeytoken_config.json")))!;

        Assert.Equal(config["realtime"]!["webhook_key"]!.GetValue<string>(), seed.Deliveries!.RealTimeApiKey);
        Assert.Equal(config["realtime"]!["webhook_header_name"]!.GetValue<string>(), seed.Deliveries.RealTimeHeaderName);
        Assert.Null(seed.Deliveries.Validate());
    }

    [Fact]
    public void ConfigFile_MatchesGeneratedConfig()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(DeployFolder, "aws_honeytoken_config.json")))!;

        var generated = HoneytokenConfigFile.Build(new Uri("http://127.0.0.1:4566/"));

        Assert.True(JsonNode.DeepEquals(generated, file), $"generated:\n{generated}\nfile:\n{file}");
    }

    [Fact]
    public async Task ConfigEndpoint_PointsAtRunningEmulator()
    {
        await using var aws = await Emulator.StartAsync();

        var config = await aws.Control.GetHoneytokenConfigAsync();

        Assert.Equal(aws.BaseUri.ToString().TrimEnd('/'), config["endpoints"]!["s3_access_point"]!.GetValue<string>());
        Assert.Equal(aws.ExternalId, config["management_role"]!["external_id"]!.GetValue<string>());
    }

    [Fact]
    public void CommandLine_ParsesEveryOption()
    {
        var seed = Path.Combine(DeployFolder, "emulator-seed.json");

        var parsed = EmulatorCommandLine.Parse(["--urls", "http://127.0.0.1:4600", "--seed", seed, "--state-file", "/tmp/state.json",
            "--create-account-seconds", "2", "--realtime-delay-seconds", "0.5", "--log-file-interval-seconds", "10",
            "--webhook-attempts", "3", "--webhook-backoff-seconds", "0.25"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("http://127.0.0.1:4600", parsed.Urls);
        Assert.Equal(seed, parsed.Options.SeedFile);
        Assert.Equal("/tmp/state.json", parsed.Options.StateFile);
        Assert.Equal(TimeSpan.FromSeconds(2), parsed.Options.CreateAccountDuration);
        Assert.Equal(TimeSpan.FromSeconds(0.5), parsed.Options.RealTimeDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), parsed.Options.LogFileInterval);
        Assert.Equal(3, parsed.Options.WebhookMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(0.25), parsed.Options.WebhookInitialBackoff);
    }

    [Fact]
    public void CommandLine_InvalidValues_NameTheOption()
    {
        var parsed = EmulatorCommandLine.Parse(["--seed", "/nonexistent/seed.json", "--log-file-interval-seconds", "0", "--webhook-attempts", "x", "--bogus", "1"]);

        Assert.Contains(parsed.Errors, e => e.Contains("SeedFile '/nonexistent/seed.json' does not exist", StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Contains("LogFileInterval", StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Contains("--webhook-attempts", StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Contains("Unknown option --bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_InvalidOptions_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            EmulatorApplication.Build(new AwsEmulatorOptions { WebhookMaxAttempts = 0 }, "http://127.0.0.1:0", Microsoft.Extensions.Logging.LogLevel.Warning));

        Assert.Contains("WebhookMaxAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultSettings_InvalidRate_IsRejected()
    {
        await using var aws = await Emulator.StartAsync();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            aws.Control.SetFaultsAsync(new Honeytoken.AwsEmulator.Faults.FaultSettings { DuplicateDeliveryRate = 2 }));

        Assert.Contains("duplicateDeliveryRate 2 is invalid", error.Message, StringComparison.Ordinal);
    }
}
