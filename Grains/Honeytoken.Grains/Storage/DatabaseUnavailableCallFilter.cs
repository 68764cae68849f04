using Microsoft.Extensions.Logging;
using Npgsql;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// Turns a transient PostgreSQL failure that ends a grain call into a
/// <see cref="DatabaseUnavailableException"/>. Orleans has no codec for Npgsql's exceptions, so
/// without this the caller gets a serialization error that it cannot tell from a bug.
/// </summary>
/// <remarks>
/// The new exception names the error class but carries neither the driver's message nor the
/// driver's exception, which may hold the database host, user or statement. The full exception
/// is logged here, on the silo. Its log event id, 5200, is the only one of this class.
/// </remarks>
public sealed partial class DatabaseUnavailableCallFilter(ILogger<DatabaseUnavailableCallFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (FindTransient(exception) is { } transient)
        {
            LogTranslated(logger, context.InterfaceName, context.MethodName, exception);
            throw new DatabaseUnavailableException(Describe(transient));
        }
    }

    /// <summary>Returns the transient Npgsql failure in the exception or its inner exceptions, or null.</summary>
    public static NpgsqlException? FindTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            if (current is NpgsqlException { IsTransient: true } transient)
            {
                return transient;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    // The SQLSTATE is a fixed code, safe to pass on; the driver's message is not.
    private static string Describe(NpgsqlException transient) => transient is PostgresException postgres
        ? $"The database could not serve the request (SQLSTATE {postgres.SqlState}). Retry in a few seconds."
        : "The database could not be reached. Retry in a few seconds.";

    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Call {Interface}.{Method} failed because the database is unavailable, so the caller gets DatabaseUnavailableException")]
    private static partial void LogTranslated(ILogger logger, string @interface, string method, Exception exception);
}
