using Honeytoken.Grains.Events;
using Honeytoken.Grains.Setup;
using Honeytoken.Silo.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Silo.Hosting;

/// <summary>Adds the event channels to a silo.</summary>
public static class IngestionHostingExtensions
{
    /// <summary>
    /// Registers the services of the event channels and, once the silo is active, the
    /// reminders of the catch-up listing and the unlogged-use sweep. Call it after
    /// <c>UseHoneytokenPostgres</c> and <c>AddHoneytokenGrains</c>.
    /// </summary>
    public static ISiloBuilder AddHoneytokenIngestion(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton(provider => NpgsqlDataSource.Create(
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString
            ?? throw new InvalidOperationException($"{DatabaseOptions.ConnectionStringKey} is missing.")));
        builder.Services.AddHoneytokenIngestion(builder.Configuration);

        // Every silo registers the reminders when it starts. An existing reminder with the
        // configured period is kept, so a restart does not postpone its next run.
        builder.AddStartupTask(async (services, cancellationToken) =>
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ILogCatchUpGrain>(Installation.DefaultId).StartAsync();
            await grains.GetGrain<IUnloggedUseSweepGrain>(Installation.DefaultId).StartAsync();
        });
        return builder;
    }
}
