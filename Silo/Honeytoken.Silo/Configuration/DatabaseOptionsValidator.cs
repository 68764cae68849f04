using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Silo.Configuration;

/// <summary>
/// Validates <see cref="DatabaseOptions"/> at start, so a missing or malformed connection
/// string stops the process before anything connects.
/// </summary>
/// <remarks>
/// Messages never repeat the connection string, because it usually carries a password.
/// </remarks>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string Example =
        "Host=127.0.0.1;Port=5432;Database=honeytoken;Username=honeytoken;Password=...";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is missing. Set it to a PostgreSQL connection " +
                $"string such as '{Example}' (as an environment variable: ConnectionStrings__{DatabaseOptions.ConnectionStringName}).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is not a valid PostgreSQL connection string: " +
                $"{exception.Message.TrimEnd('.')}. Write it as key=value pairs separated by semicolons, such as '{Example}'.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} has no Host. Add the PostgreSQL server, such as 'Host=127.0.0.1'.");
        }

        return ValidateOptionsResult.Success;
    }
}
