namespace Honeytoken.Grains.Storage;

/// <summary>
/// A grain call failed because PostgreSQL could not be reached or was briefly unable to serve,
/// such as while it restarts. The silo raises it in place of the driver's exception, which Orleans
/// cannot send to the caller, so that the Api can respond with 503 with <c>Retry-After</c>. It derives
/// from <see cref="OrleansException"/> so that grains which retry a failed grain call treat it
/// like any other passing cluster failure.
/// </summary>
[GenerateSerializer, Alias("honeytoken.database-unavailable.v1")]
public sealed class DatabaseUnavailableException : OrleansException
{
    public DatabaseUnavailableException()
        : base("The database could not be reached.")
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
