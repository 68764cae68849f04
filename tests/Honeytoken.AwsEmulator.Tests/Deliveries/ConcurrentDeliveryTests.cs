using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Deliveries;

/// <summary>Webhook deliveries in flight at once, up to the configured number, as SNS and EventBridge send them.</summary>
public sealed class ConcurrentDeliveryTests : IAsyncLifetime
{
    private const int Concurrency = 3;
    private const int Calls = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AwsEmulatorHost aws = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        aws = await Emulator.StartAsync(options => options.WebhookConcurrency = Concurrency);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        release.TrySetResult();
        await aws.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task HeldReceiver_GetsConcurrencyAtOnce()
    {
        receiver.BeforeAnswering = () => release.Task;
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { RealTimeUrl = receiver.RealTimeUrl.ToString() });
        for (var i = 0; i < Calls; i++)
        {
            await aws.CallerIdentityAsync();
        }

        // The receiver has not responded to any delivery, so each one that arrives takes one of the emulator's slots.
        for (var i = 0; i < Concurrency; i++)
        {
            await receiver.WaitForAsync(IsRealTime, Timeout, $"held delivery {i + 1}");
        }

        var beyondLimit = await Assert.ThrowsAsync<TimeoutException>(() => receiver.WaitForAsync(IsRealTime, TimeSpan.FromSeconds(1), "a delivery beyond the limit"));
        Assert.Contains("beyond the limit", beyondLimit.Message, StringComparison.Ordinal);

        release.SetResult();
        for (var i = Concurrency; i < Calls; i++)
        {
            await receiver.WaitForAsync(IsRealTime, Timeout, $"delivery {i + 1} after the release");
        }

        Assert.Equal(Calls, receiver.All().Count(IsRealTime));
    }

    [Fact]
    public void CommandLine_ParsesConcurrency()
    {
        var parsed = EmulatorCommandLine.Parse(["--webhook-concurrency", "7"]);
        var invalid = EmulatorCommandLine.Parse(["--webhook-concurrency", "0"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(7, parsed.Options.WebhookConcurrency);
        Assert.Contains(invalid.Errors, e => e.Contains("WebhookConcurrency", StringComparison.Ordinal));
    }

    private static bool IsRealTime(ReceivedRequest request) => request.Path == "/webhooks/aws/realtime";
}
