using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Honeytoken.Grains.Setup;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Health.Nodes;

/// <summary>
/// The checks one silo runs against each AWS endpoint of the configuration: DNS resolution,
/// the TLS handshake, an HTTP response, and the clock skew against the response's <c>Date</c>
/// header. Every request goes to the endpoint as configured, or to the silo's S3 proxy for the
/// access point when one is set, because that is where this node's S3 requests go.
/// </summary>
public sealed class NodeChecker(INodeDnsResolver resolver, HealthAwsClients clients, IOptions<HealthCheckOptions> options, TimeProvider timeProvider)
{
    /// <summary>The name of the clock-skew sub-check.</summary>
    public const string ClockSkew = "clock_skew";

    /// <summary>Runs the checks and returns the sub-checks and the measured skew (local clock minus AWS's), if any endpoint responded.</summary>
    public async Task<(IReadOnlyList<SubCheckResult> SubChecks, TimeSpan? Skew)> CheckAsync(AwsEndpointSettings endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var timeout = options.Value.NodeCheckTimeout;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            ConnectTimeout = timeout,
            UseProxy = false,
            AllowAutoRedirect = false,

            // Each run opens new connections, so every run repeats the DNS lookup and TLS handshake.
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        using var http = new HttpClient(handler) { Timeout = timeout };

        var results = new List<SubCheckResult>();
        (TimeSpan Skew, string Host)? skew = null;
        foreach (var (name, uri) in Targets(endpoints))
        {
            var sample = await CheckEndpointAsync(http, name, uri, results, cancellationToken);
            skew ??= sample is { } value ? (value, uri.Host) : null;
        }

        results.Add(JudgeSkew(skew));
        return (results, skew?.Skew);
    }

    private IEnumerable<(string Name, Uri Uri)> Targets(AwsEndpointSettings endpoints)
    {
        yield return ("sts", endpoints.Sts);
        yield return ("sts_regional", endpoints.RegionalSts);
        yield return ("iam", endpoints.Iam);
        yield return ("organizations", endpoints.Organizations);
        yield return ("s3_access_point", clients.S3Proxy ?? endpoints.S3AccessPoint);
    }

    private async Task<TimeSpan?> CheckEndpointAsync(HttpClient http, string name, Uri uri, List<SubCheckResult> results, CancellationToken cancellationToken)
    {
        var host = uri.IdnHost;
        if (IPAddress.TryParse(host, out _))
        {
            results.Add(Result($"{name}.dns", HealthStatus.NotApplicable, $"{host} is an IP address, so no DNS lookup is needed.", null));
        }
        else
        {
            try
            {
                using var lookupTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                lookupTimeout.CancelAfter(options.Value.NodeCheckTimeout);
                var addresses = await resolver.ResolveAsync(host, lookupTimeout.Token);
                results.Add(Result($"{name}.dns", HealthStatus.Ok, $"{host} resolves to {string.Join(", ", addresses.Take(4).Select(address => address.ToString()))}.", null));
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                results.Add(Result($"{name}.dns", HealthStatus.Failing, $"DNS lookup of {host} ({name}) failed on this node: {exception.Message}",
                    $"Check this node's DNS resolver: it must resolve {host}. Behind a VPC endpoint, enable its private DNS name."));
                results.Add(Result($"{name}.tls", uri.Scheme == Uri.UriSchemeHttps ? HealthStatus.Pending : HealthStatus.NotApplicable, "Not run because the DNS lookup failed.", null));
                results.Add(Result($"{name}.reach", HealthStatus.Pending, "Not run because the DNS lookup failed.", null));
                return null;
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, "/"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var receivedAt = timeProvider.GetUtcNow();

            results.Add(uri.Scheme == Uri.UriSchemeHttps
                ? Result($"{name}.tls", HealthStatus.Ok, $"The TLS handshake with {host} succeeded.", null)
                : Result($"{name}.tls", HealthStatus.NotApplicable, $"{uri} is plain HTTP, so TLS does not apply (local profile).", null));
            results.Add(Result($"{name}.reach", HealthStatus.Ok, $"{uri} answered HTTP {(int)response.StatusCode} in {elapsed.TotalMilliseconds:F0} ms.", null));

            // AWS stamps Date about half a round trip before the response arrives, to the second.
            return response.Headers.Date is { } date ? receivedAt - (date + elapsed / 2) : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            var tlsFailure = FindInner<AuthenticationException>(exception);
            results.Add(uri.Scheme != Uri.UriSchemeHttps
                ? Result($"{name}.tls", HealthStatus.NotApplicable, $"{uri} is plain HTTP, so TLS does not apply (local profile).", null)
                : tlsFailure is not null
                    ? Result($"{name}.tls", HealthStatus.Failing, $"The TLS handshake with {host} failed: {tlsFailure.Message}",
                        "Check that no proxy on the path replaces AWS's certificate, or trust its CA, and that the node's CA bundle is current.")
                    : Result($"{name}.tls", HealthStatus.Pending, "Not run because the connection failed.", null));
            results.Add(Result($"{name}.reach", HealthStatus.Failing, $"{uri} ({name}) could not be reached from this node: {Describe(exception)}",
                $"Allow outbound connections from this node to {host}:{uri.Port} in the firewall, proxy or network policy."));
            return null;
        }
    }

    private SubCheckResult JudgeSkew((TimeSpan Skew, string Host)? measured)
    {
        if (measured is not { } sample)
        {
            return Result(ClockSkew, HealthStatus.Pending, "No endpoint answered with a Date header, so the clock skew is unknown.", null);
        }

        var magnitude = sample.Skew.Duration();
        var direction = sample.Skew >= TimeSpan.Zero ? "ahead of" : "behind";
        var message = $"This node's clock is {magnitude.TotalSeconds:F0} s {direction} the Date header of {sample.Host}.";
        if (magnitude >= options.Value.ClockSkewFailingAfter)
        {
            return Result(ClockSkew, HealthStatus.Failing,
                message + " AWS rejects SigV4 requests signed more than 5 minutes away from its time (RequestTimeTooSkewed, SignatureDoesNotMatch).",
                "Synchronize this node's clock with NTP (chrony or systemd-timesyncd), or with the cloud provider's time service.");
        }

        return magnitude >= options.Value.ClockSkewDegradedAfter
            ? Result(ClockSkew, HealthStatus.Degraded, message + " AWS rejects requests skewed by more than 5 minutes.", "Synchronize this node's clock with NTP.")
            : Result(ClockSkew, HealthStatus.Ok, message, null);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static T? FindInner<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string Describe(Exception exception) => exception switch
    {
        TaskCanceledException => "the request timed out",
        _ when FindInner<SocketException>(exception) is { } socket => $"{socket.SocketErrorCode}: {socket.Message}",
        _ => exception.Message,
    };

    private SubCheckResult Result(string name, string status, string message, string? remediation) =>
        new(name, status, message, remediation, timeProvider.GetUtcNow());
}
