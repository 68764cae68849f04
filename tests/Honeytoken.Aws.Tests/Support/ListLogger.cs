using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>A log entry captured by <see cref="ListLogger"/>.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger that keeps every entry, so tests can check what was logged and that no secret was.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
}
