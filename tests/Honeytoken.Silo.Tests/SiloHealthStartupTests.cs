using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Tests;

/// <summary>
/// Starts the real silo host builder with invalid health endpoint settings, which must stop
/// the start before the silo reaches the database.
/// </summary>
public sealed class SiloHealthStartupTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("--Honeytoken:Health:Port=70000", "Honeytoken:Health:Port")]
    [InlineData("--Honeytoken:Health:Port=-1", "Honeytoken:Health:Port")]
    [InlineData("--Honeytoken:Health:Address=localhost", "Honeytoken:Health:Address")]
    public async Task Start_InvalidHealthSetting_NamesSetting(string argument, string setting)
    {
        using var host = SiloHost.CreateBuilder(["--ConnectionStrings:Honeytoken=Host=127.0.0.1;Database=unused", argument]).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(FailFast));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
