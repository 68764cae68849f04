using Honeytoken.Silo.Configuration;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Tests;

/// <summary>
/// Runs the real silo host builder with bad configuration. Command-line arguments override
/// any environment variable of the same name, so the machine's settings cannot mask a case.
/// </summary>
public sealed class SiloStartupTests
{
    // Validation must fail before the silo tries to reach anything.
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Start_MissingConnectionString_NamesSetting(string value)
    {
        var error = await StartAndCatchAsync($"--ConnectionStrings:Honeytoken={value}");

        Assert.Contains(DatabaseOptions.ConnectionStringKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=not-a-number")]
    [InlineData("Hots=127.0.0.1")]
    [InlineData("just some text")]
    [InlineData("Database=honeytoken")]
    public async Task Start_MalformedConnectionString_NamesSetting(string value)
    {
        var error = await StartAndCatchAsync($"--ConnectionStrings:Honeytoken={value}");

        Assert.Contains(DatabaseOptions.ConnectionStringKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MalformedConnectionString_HidesPassword()
    {
        var error = await StartAndCatchAsync("--ConnectionStrings:Honeytoken=Host=127.0.0.1;Password=secret-value;Port=x");

        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Orleans:SiloPort=70000", "Orleans:SiloPort")]
    [InlineData("--Orleans:GatewayPort=0", "Orleans:GatewayPort")]
    [InlineData("--Orleans:AdvertisedAddress=not-an-ip", "Orleans:AdvertisedAddress")]
    [InlineData("--Orleans:ClusterId= ", "Orleans:ClusterId")]
    public async Task Start_InvalidOrleansSetting_NamesSetting(string argument, string setting)
    {
        var error = await StartAndCatchAsync("--ConnectionStrings:Honeytoken=Host=127.0.0.1;Database=unused", argument);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_MissingConnectionString_NamesSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => SiloHost.MigrateAsync(["--ConnectionStrings:Honeytoken="], CancellationToken.None).WaitAsync(FailFast));

        Assert.Contains(DatabaseOptions.ConnectionStringKey, error.Message, StringComparison.Ordinal);
    }

    private static async Task<OptionsValidationException> StartAndCatchAsync(params string[] args)
    {
        // A valid encryption key, so that the setting under test is the only invalid one.
        string[] withKey = [$"--Honeytoken:Secrets:EncryptionKey={Convert.ToBase64String(new byte[32])}", .. args];
        using var host = SiloHost.CreateBuilder(withKey).Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(FailFast));
    }
}
