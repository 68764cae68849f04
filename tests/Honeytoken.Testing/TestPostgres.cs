namespace Honeytoken.Testing;

/// <summary>
/// The PostgreSQL server that integration tests run against.
/// </summary>
public static class TestPostgres
{
    /// <summary>
    /// The environment variable that contains an admin connection string for the test server:
    /// a role that may create and drop databases.
    /// </summary>
    public const string EnvironmentVariable = "HONEYTOKEN_TEST_POSTGRES";

    /// <summary>
    /// Returns the admin connection string from <see cref="EnvironmentVariable"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set. Run the tests through deploy/local/test.sh, which starts " +
                    $"PostgreSQL and sets it, or set it to an admin connection string such as " +
                    $"'Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres'.");
            }

            return value;
        }
    }
}
