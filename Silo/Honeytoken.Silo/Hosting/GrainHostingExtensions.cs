using Honeytoken.Grains;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Storage;
using Honeytoken.Silo.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Silo.Hosting;

/// <summary>Adds the application's grains and their services to a silo.</summary>
public static class GrainHostingExtensions
{
    /// <summary>
    /// Registers the services of the honeytoken, key pool and set-up grains and the alert
    /// outbox sweep, with one <see cref="NpgsqlDataSource"/> for the query tables on the database of
    /// <see cref="DatabaseOptions"/>, and the call filter that turns a database outage into
    /// <see cref="DatabaseUnavailableException"/>. Call it after <c>UseHoneytokenPostgres</c>.
    /// </summary>
    public static ISiloBuilder AddHoneytokenGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton(provider => NpgsqlDataSource.Create(
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString
            ?? throw new InvalidOperationException($"{DatabaseOptions.ConnectionStringKey} is missing.")));
        builder.Services.AddHoneytokenGrainServices(builder.Configuration);

        // The honeytoken grain writes the alert outbox, so every silo that hosts it sweeps it.
        builder.Services.AddHoneytokenAlertOutboxSweep(builder.Configuration);

        // Npgsql's exceptions cannot cross to the caller, so a database outage would reach the
        // Api as a serialization error instead of a 503.
        builder.AddIncomingGrainCallFilter<DatabaseUnavailableCallFilter>();
        return builder;
    }
}
