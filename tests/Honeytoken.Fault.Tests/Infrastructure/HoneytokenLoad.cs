using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Honeytoken.Fault.Tests.Infrastructure;

/// <summary>
/// A steady stream of honeytoken uses: STS GetCallerIdentity calls on the emulator with the
/// tokens' keys, one token after the other. Each call becomes a CloudTrail record that the
/// emulator delivers through both channels: an EventBridge event to the real-time webhook,
/// and a log file in its bucket announced by SNS.
/// </summary>
internal sealed class HoneytokenLoad : IAsyncDisposable
{
    private readonly IReadOnlyList<(IssuedToken Token, AmazonSecurityTokenServiceClient Client)> clients;
    private readonly TimeSpan interval;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Guid, int> sent = new();
    private Task? running;
    private int failed;

    public HoneytokenLoad(Uri emulatorUri, IReadOnlyList<IssuedToken> tokens, TimeSpan interval)
    {
        this.interval = interval;
        clients = [.. tokens.Select(token => (token, new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(token.AccessKeyId, token.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = emulatorUri.ToString(), AuthenticationRegion = "us-east-1" })))];
    }

    /// <summary>Calls that succeeded, per token.</summary>
    public IReadOnlyDictionary<Guid, int> SentPerToken => sent;

    public int Sent => sent.Values.Sum();

    /// <summary>Calls that failed. The emulator may have recorded each of them or not.</summary>
    public int Failed => Volatile.Read(ref failed);

    public void Start() => running = Task.Run(() => RunAsync(stop.Token));

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var (_, client) in clients)
        {
            client.Dispose();
        }

        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var call = 0; !cancellationToken.IsCancellationRequested; call++)
        {
            var (token, client) = clients[call % clients.Count];
            try
            {
                await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), CancellationToken.None);
                sent.AddOrUpdate(token.Id, 1, (_, count) => count + 1);
            }
            catch (AmazonServiceException)
            {
                Interlocked.Increment(ref failed);
            }

            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
