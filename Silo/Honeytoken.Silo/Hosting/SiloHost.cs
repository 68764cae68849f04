using System.Net;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Telemetry;
using Honeytoken.ServiceDefaults;
using Honeytoken.Silo.Configuration;
using Honeytoken.Silo.Health;
using Honeytoken.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Honeytoken.Silo.Hosting;

/// <summary>
/// Builds the silo process: configuration, validated options, and Orleans on PostgreSQL.
/// </summary>
public static class SiloHost
{
    /// <summary>The command-line verb that migrates the database and exits.</summary>
    public const string MigrateCommand = "migrate";

    /// <summary>The <c>service.name</c> of the silo's telemetry.</summary>
    public const string ServiceName = "honeytoken-silo";

    /// <summary>The configuration section bound to Orleans' <see cref="ClusterMembershipOptions"/>.</summary>
    public const string MembershipSectionName = "Orleans:Membership";

    /// <summary>The configuration section bound to Orleans' <see cref="ReminderOptions"/>.</summary>
    public const string RemindersSectionName = "Orleans:ReminderService";

    /// <summary>
    /// Creates the silo's host builder from the command line, environment variables and
    /// appsettings files, with every option validated when the host starts.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var services = builder.Services;

        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();

        services.AddOptions<SiloHostOptions>()
            .BindConfiguration(SiloHostOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloHostOptions>, SiloHostOptionsValidator>();

        services.AddOptions<ClusterOptions>().Configure<IOptions<SiloHostOptions>>((cluster, host) =>
        {
            cluster.ClusterId = host.Value.ClusterId;
            cluster.ServiceId = host.Value.ServiceId;
        });
        services.AddOptions<EndpointOptions>().Configure<IOptions<SiloHostOptions>>((endpoints, host) =>
        {
            endpoints.AdvertisedIPAddress = IPAddress.Parse(host.Value.AdvertisedAddress);
            endpoints.SiloPort = host.Value.SiloPort;
            endpoints.GatewayPort = host.Value.GatewayPort;
        });
        services.AddOptions<SiloOptions>().Configure<IOptions<SiloHostOptions>>((silo, host) =>
            silo.SiloName = host.Value.SiloName);

        builder.AddHoneytokenTelemetry(ServiceName, [HoneytokenMetrics.MeterName], [HoneytokenActivitySource.Name]);

        // Failure detection and reminder timing keep the Orleans defaults unless an operator
        // sets them, for example Orleans:Membership:ProbeTimeout or
        // Orleans:ReminderService:MinimumReminderPeriod; the fault tests shorten both.
        // Not Orleans:Reminders, where Orleans itself looks for a reminder provider to add.
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSectionName);
        services.AddOptions<ReminderOptions>().BindConfiguration(RemindersSectionName);

        builder.UseOrleans(silo => silo
            .AddActivityPropagation()
            .UseHoneytokenPostgres()
            .AddHoneytokenGrains()
            .AddHoneytokenIngestion()
            .AddHoneytokenAlerts()
            .AddHoneytokenHealthChecks()
            .UseKubernetesHostingInPod());
        services.AddSiloHealthEndpoints();
        return builder;
    }

    /// <summary>
    /// Migrates the database named by <c>ConnectionStrings:Honeytoken</c> and returns the
    /// number of migrations applied, without starting the silo.
    /// </summary>
    public static async Task<int> MigrateAsync(string[] args, CancellationToken cancellationToken)
    {
        using var host = CreateBuilder(args).Build();
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        return await migrator.MigrateAsync(cancellationToken);
    }
}
