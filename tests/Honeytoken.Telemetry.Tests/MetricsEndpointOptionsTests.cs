using Honeytoken.ServiceDefaults;

namespace Honeytoken.Telemetry.Tests;

/// <summary>The start-up validation of the <c>Honeytoken:Metrics</c> settings.</summary>
public sealed class MetricsEndpointOptionsTests
{
    private readonly MetricsEndpointOptionsValidator validator = new();

    [Theory]
    [InlineData(0, "127.0.0.1", "/metrics")]
    [InlineData(9464, "0.0.0.0", "/metrics")]
    [InlineData(65535, "::1", "/internal/prometheus")]
    public void Validator_AcceptsValidSettings(int port, string address, string path)
    {
        var result = validator.Validate(null, new MetricsEndpointOptions { Port = port, Address = address, Path = path });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(-1, "127.0.0.1", "/metrics", "Honeytoken:Metrics:Port")]
    [InlineData(65536, "127.0.0.1", "/metrics", "Honeytoken:Metrics:Port")]
    [InlineData(9464, "localhost", "/metrics", "Honeytoken:Metrics:Address")]
    [InlineData(9464, "127.0.0.1", "metrics", "Honeytoken:Metrics:Path")]
    [InlineData(9464, "127.0.0.1", "/", "Honeytoken:Metrics:Path")]
    [InlineData(9464, "127.0.0.1", "/metrics?format=text", "Honeytoken:Metrics:Path")]
    [InlineData(9464, "127.0.0.1", "/my metrics", "Honeytoken:Metrics:Path")]
    public void Validator_RejectsInvalidSetting(int port, string address, string path, string setting)
    {
        var result = validator.Validate(null, new MetricsEndpointOptions { Port = port, Address = address, Path = path });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
    }
}
