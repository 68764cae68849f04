namespace Honeytoken.Silo.Configuration;

/// <summary>
/// The PostgreSQL database that holds the cluster's membership, grain state and reminders.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The name under <c>ConnectionStrings</c> that holds the connection string.</summary>
    public const string ConnectionStringName = "Honeytoken";

    /// <summary>The configuration key of the connection string, as error messages name it.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>
    /// The Npgsql connection string, in key=value form. Required; there is no default.
    /// </summary>
    public string? ConnectionString { get; set; }
}
