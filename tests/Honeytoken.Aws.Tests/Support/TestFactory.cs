using Honeytoken.Grains.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>Builds an <see cref="AwsClientFactory"/> whose every endpoint points at one loopback server.</summary>
internal static class TestFactory
{
    public static AwsClientFactory Create(Uri endpoint, TimeProvider timeProvider, ILoggerProvider loggerProvider, Action<AwsEndpointOptions>? configure = null)
    {
        _ = TestAws.Credentials;

        var endpoints = new AwsEndpointOptions
        {
            Sts = endpoint,
            StsRegional = endpoint,
            Iam = endpoint,
            Organizations = endpoint,
            S3AccessPoint = new Uri("http://s3-accesspoint.us-west-2.honeytoken.invalid"),
        };
        configure?.Invoke(endpoints);

        return new AwsClientFactory(
            Options.Create(endpoints),
            Options.Create(TestAws.FastRetry()),
            timeProvider,
            LoggerFactory.Create(builder => builder.AddProvider(loggerProvider).SetMinimumLevel(LogLevel.Trace)));
    }
}

/// <summary>A logger provider whose loggers all write to one <see cref="ListLogger"/>.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    public ListLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
