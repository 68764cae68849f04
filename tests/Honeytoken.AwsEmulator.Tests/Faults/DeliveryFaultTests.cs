using System.Diagnostics;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Faults;

/// <summary>Each delivery fault setting, shown happening.</summary>
public sealed class DeliveryFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private AwsEmulatorHost aws = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        aws = await Emulator.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await aws.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task DeliveryDelay_HoldsEventBackForTheDelay()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { RealTimeUrl = receiver.RealTimeUrl.ToString() });
        await aws.Control.SetFaultsAsync(new FaultSettings { DeliveryDelayMilliseconds = 1500 });
        var clock = Stopwatch.StartNew();

        await aws.CallerIdentityAsync();
        await receiver.WaitForAsync(IsRealTime, Timeout, "EventBridge event");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1500), $"event arrived after {clock.Elapsed}, before the 1.5 s delay");
    }

    [Fact]
    public async Task DuplicateDelivery_SendsSameEventTwice()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { RealTimeUrl = receiver.RealTimeUrl.ToString() });
        await aws.Control.SetFaultsAsync(new FaultSettings { DuplicateDeliveryRate = 1 });

        await aws.CallerIdentityAsync();
        var first = await receiver.WaitForAsync(IsRealTime, Timeout, "EventBridge event");
        var second = await receiver.WaitForAsync(IsRealTime, Timeout, "duplicate EventBridge event");

        Assert.Equal(EventId(first), EventId(second));
        Assert.Equal(Json(first)["id"]!.GetValue<string>(), Json(second)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task OutOfOrderDelivery_SendsNewestFirst()
    {
        // Parallel deliveries may arrive in any order, so this one sends one at a time.
        await aws.DisposeAsync();
        aws = await Emulator.StartAsync(options => options.WebhookConcurrency = 1);
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { RealTimeUrl = receiver.RealTimeUrl.ToString() });
        await aws.Control.SetFaultsAsync(new FaultSettings { OutOfOrderDelivery = true, DeliveryDelayMilliseconds = 3_600_000 });
        for (var i = 0; i < 3; i++)
        {
            await aws.CallerIdentityAsync();
        }

        await aws.Control.FlushRealTimeAsync();
        var arrived = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            arrived.Add(EventId(await receiver.WaitForAsync(IsRealTime, Timeout, $"EventBridge event {i + 1}")));
        }

        var recorded = (await aws.Control.GetRecordsAsync()).Select(r => r["eventID"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Reverse(recorded), arrived);
    }

    [Fact]
    public async Task ReceiverServerErrors_AreRetriedWithBackoff()
    {
        receiver.StatusFor = (_, index) => index < 2 ? 503 : 200;
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { RealTimeUrl = receiver.RealTimeUrl.ToString() });

        await aws.CallerIdentityAsync();
        var attempts = new List<ReceivedRequest>();
        for (var i = 0; i < 3; i++)
        {
            attempts.Add(await receiver.WaitForAsync(IsRealTime, Timeout, $"delivery attempt {i + 1}"));
        }

        Assert.Single(attempts.Select(EventId).Distinct());
        var firstGap = attempts[1].ReceivedAt - attempts[0].ReceivedAt;
        var secondGap = attempts[2].ReceivedAt - attempts[1].ReceivedAt;
        Assert.True(firstGap >= TimeSpan.FromMilliseconds(45), $"first retry came after {firstGap}, before the 50 ms backoff");
        Assert.True(secondGap >= TimeSpan.FromMilliseconds(95), $"second retry came after {secondGap}, before the doubled 100 ms backoff");

        // The emulator counts an attempt once it has read the response, which can be just after
        // the receiver logged the request, so the count of the last attempt may lag.
        var waited = Stopwatch.StartNew();
        var statistics = Assert.Single(await aws.Control.GetDeliveryStatisticsAsync(), kind => kind.Kind == "EventBridge event");
        while (!statistics.StatusCodes.ContainsKey(200) && waited.Elapsed < Timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            statistics = Assert.Single(await aws.Control.GetDeliveryStatisticsAsync(), kind => kind.Kind == "EventBridge event");
        }

        Assert.Equal(2, statistics.StatusCodes[503]);
        Assert.Equal(1, statistics.StatusCodes[200]);
        Assert.Equal(0, statistics.Abandoned);
    }

    [Fact]
    public async Task DroppedSnsNotification_IsNeverSent()
    {
        await SubscribeSnsAsync();
        await receiver.WaitForAsync(r => IsNotification(r) && r.Body.Contains("s3:TestEvent", StringComparison.Ordinal), Timeout, "s3:TestEvent");
        await aws.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        await aws.CallerIdentityAsync();
        var dropped = await aws.Control.FlushLogFilesAsync();

        await aws.Control.SetFaultsAsync(new FaultSettings());
        await aws.CallerIdentityAsync();
        var delivered = await aws.Control.FlushLogFilesAsync();
        await receiver.WaitForAsync(r => IsNotification(r) && r.Body.Contains(delivered[0], StringComparison.Ordinal), Timeout, "notification of the second log file");

        // Deliveries leave in order, so a notification of the first files would have come first.
        Assert.NotEmpty(dropped);
        Assert.DoesNotContain(receiver.All(), r => dropped.Any(k => r.Body.Contains(k, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DuplicateSnsNotification_SendsSameMessageTwice()
    {
        await SubscribeSnsAsync();
        await receiver.WaitForAsync(r => IsNotification(r) && r.Body.Contains("s3:TestEvent", StringComparison.Ordinal), Timeout, "s3:TestEvent");
        await aws.Control.SetFaultsAsync(new FaultSettings { DuplicateDeliveryRate = 1 });
        await aws.CallerIdentityAsync();

        var written = await aws.Control.FlushLogFilesAsync();
        var first = await receiver.WaitForAsync(r => IsNotification(r) && r.Body.Contains(written[0], StringComparison.Ordinal), Timeout, "notification");
        var second = await receiver.WaitForAsync(r => IsNotification(r) && r.Body.Contains(written[0], StringComparison.Ordinal), Timeout, "duplicate notification");

        Assert.Equal(Json(first)["MessageId"]!.GetValue<string>(), Json(second)["MessageId"]!.GetValue<string>());
    }

    private async Task SubscribeSnsAsync()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { SnsEndpointUrl = receiver.SnsUrl.ToString() });
        var confirmation = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "SubscriptionConfirmation");
        using var http = new HttpClient();
        (await http.GetAsync(Json(confirmation)["SubscribeURL"]!.GetValue<string>())).EnsureSuccessStatusCode();
    }

    private static bool IsRealTime(ReceivedRequest request) => request.Path == "/webhooks/aws/realtime";

    private static bool IsNotification(ReceivedRequest request) =>
        request.Headers.GetValueOrDefault("x-amz-sns-message-type") == "Notification";

    private static JsonObject Json(ReceivedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    private static string EventId(ReceivedRequest request) => Json(request)["detail"]!["eventID"]!.GetValue<string>();
}
