namespace Honeytoken.Silo.Storage;

/// <summary>
/// Runs <see cref="DatabaseMigrator"/> in the first stage of the silo lifecycle, before the
/// ADO.NET providers load their queries from the <c>OrleansQuery</c> table.
/// </summary>
internal sealed class DatabaseMigrationStartup(DatabaseMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(
            nameof(DatabaseMigrationStartup),
            ServiceLifecycleStage.First,
            async cancellationToken => await migrator.MigrateAsync(cancellationToken));
    }
}
