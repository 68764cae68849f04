using Honeytoken.Api.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>What one Api instance under test is configured with.</summary>
public sealed record ApiSettings(string ConnectionString, string ClusterId, string ServiceId, string BootstrapToken)
{
    public int PermitsPerWindow { get; init; } = 100_000;

    public TimeProvider? TimeProvider { get; init; }

    public CapturingLoggerProvider Logs { get; init; } = new();

    public StringWriter Console { get; init; } = new();
}

/// <summary>The real Api, in memory, connected as an Orleans client to the test cluster.</summary>
public sealed class ApiFactory(ApiSettings settings) : WebApplicationFactory<Program>
{
    public ApiSettings Settings => settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Honeytoken", settings.ConnectionString);
        builder.UseSetting("Orleans:ClusterId", settings.ClusterId);
        builder.UseSetting("Orleans:ServiceId", settings.ServiceId);
        builder.UseSetting(BootstrapTokenOptions.TokenKey, settings.BootstrapToken);
        builder.UseSetting("Honeytoken:Bootstrap:TokenFile", Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"));
        builder.UseSetting("Honeytoken:RateLimits:PermitsPerWindow", settings.PermitsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Honeytoken:RateLimits:AnonymousPermitsPerWindow", "100000");

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(settings.Logs);
        });

        builder.ConfigureTestServices(services =>
        {
            if (settings.TimeProvider is { } time)
            {
                services.AddSingleton(time);
            }

            services.AddSingleton(new BootstrapTokenOutput(settings.Console));
        });
    }
}
