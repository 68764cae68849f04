using Honeytoken.Silo.Configuration;
using Honeytoken.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Honeytoken.Silo.Hosting;

/// <summary>
/// Puts an Orleans silo or client on the project's PostgreSQL schema.
/// </summary>
public static class PostgresHostingExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, which every provider must be given.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// The name of the grain storage, for <c>[PersistentState("state", "honeytoken")]</c>.
    /// The same storage is also the default one, used when a grain names none.
    /// </summary>
    public const string StorageName = "honeytoken";

    /// <summary>
    /// Uses PostgreSQL, through the given connection string, for membership, grain state and
    /// reminders, and migrates the database when the silo starts.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static ISiloBuilder UseHoneytokenPostgres(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);

        builder.Services.AddOptions<DatabaseOptions>().Configure(options => options.ConnectionString = connectionString);
        return builder.UseHoneytokenPostgres();
    }

    /// <summary>
    /// Uses PostgreSQL for membership, grain state and reminders, and migrates the database
    /// when the silo starts. The connection string comes from <see cref="DatabaseOptions"/>,
    /// which the caller configures and which is validated when the host starts.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Clustering, reminders and grain storage all use the ADO.NET providers with the
    /// <c>Npgsql</c> invariant and the queries in the <c>OrleansQuery</c> table.</item>
    /// <item>Grain storage is registered as <see cref="StorageName"/> and as the default
    /// storage; both names resolve to one provider instance.</item>
    /// <item>Grain state is stored as System.Text.Json, which writes no CLR type names.</item>
    /// </list>
    /// </remarks>
    public static ISiloBuilder UseHoneytokenPostgres(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider => new DatabaseMigrator(
            ConnectionString(provider),
            provider.GetRequiredService<ILogger<DatabaseMigrator>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, DatabaseMigrationStartup>());

        builder.UseAdoNetClustering(options => options.Configure<IOptions<DatabaseOptions>>((clustering, database) =>
        {
            clustering.Invariant = Invariant;
            clustering.ConnectionString = database.Value.ConnectionString;
        }));

        builder.UseAdoNetReminderService(options => options.Configure<IOptions<DatabaseOptions>>((reminders, database) =>
        {
            reminders.Invariant = Invariant;
            reminders.ConnectionString = database.Value.ConnectionString;
        }));

        services.TryAddSingleton<SystemTextJsonGrainStorageSerializer>();
        builder.AddAdoNetGrainStorage(StorageName, options => options.Configure<IOptions<DatabaseOptions>, SystemTextJsonGrainStorageSerializer>(
            (storage, database, serializer) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = database.Value.ConnectionString;
                storage.GrainStorageSerializer = serializer;
            }));

        // The default storage is an alias of the named one rather than a second provider, so
        // both names share one set of options and one instance.
        services.AddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(StorageName));
        services.TryAddSingleton(provider => provider.GetRequiredKeyedService<IGrainStorage>(StorageName));

        return builder;
    }

    /// <summary>
    /// Finds the cluster's gateways through the PostgreSQL membership table, for an Orleans
    /// client such as the Api. The database must have been migrated by a silo or by
    /// <c>Honeytoken.Silo migrate</c>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static IClientBuilder UseHoneytokenPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    private static string ConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString
        ?? throw new InvalidOperationException($"{DatabaseOptions.ConnectionStringKey} is missing.");
}
