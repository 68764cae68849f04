using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Provisioning.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every formatted log line, with its exception, of the silos in
/// this process, so tests can search them for secrets.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public static CapturedLogs Instance { get; } = new();

    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} {exception}");
        }
    }
}
