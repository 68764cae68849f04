using System.Net;
using Honeytoken.Alerts.Tests.Infrastructure;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Alerts.Network;

namespace Honeytoken.Alerts.Tests;

/// <summary>
/// The SSRF checks. No test connects to a rejected address: the checks run on addresses
/// from a fake resolver, and the only connections made go to loopback receivers.
/// </summary>
public sealed class AddressCheckTests(AlertClusterFixture fixture) : IClassFixture<AlertClusterFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.DeleteAllDestinationsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("127.0.0.1", true, false)]
    [InlineData("10.1.2.3", false, true)]
    [InlineData("172.16.0.1", false, true)]
    [InlineData("192.168.1.1", false, true)]
    [InlineData("192.168.1.1", true, false)]
    [InlineData("100.64.0.1", false, true)]
    [InlineData("169.254.169.254", true, true)]
    [InlineData("169.254.170.2", true, true)]
    [InlineData("169.254.1.1", true, true)]
    [InlineData("100.100.100.200", true, true)]
    [InlineData("0.0.0.0", true, true)]
    [InlineData("224.0.0.1", true, true)]
    [InlineData("255.255.255.255", true, true)]
    [InlineData("::1", false, true)]
    [InlineData("::1", true, false)]
    [InlineData("fd12:3456::1", false, true)]
    [InlineData("fd00:ec2::254", true, true)]
    [InlineData("fe80::1", true, true)]
    [InlineData("ff02::1", true, true)]
    [InlineData("::ffff:169.254.169.254", true, true)]
    [InlineData("::ffff:10.0.0.1", false, true)]
    [InlineData("64:ff9b::a9fe:a9fe", true, true)]
    [InlineData("2002:a9fe:a9fe::1", true, true)]
    [InlineData("203.0.113.10", false, false)]
    [InlineData("2001:db8::1", false, false)]
    public void Policy_Address_RejectedOrAllowed(string address, bool allowPrivateNetwork, bool rejected)
    {
        var reason = NetworkAddressPolicy.Check(IPAddress.Parse(address), allowPrivateNetwork);

        Assert.Equal(rejected, reason is not null);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", false)]
    [InlineData("http://[::1]:9/hook", false)]
    [InlineData("http://10.0.0.8/hook", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", true)]
    [InlineData("http://[fd00:ec2::254]/", true)]
    [InlineData("http://metadata.test/", true)]
    [InlineData("http://internal.test/", false)]
    [InlineData("http://split.test/", false)]
    public async Task Create_ForbiddenUrl_RejectedWithUrlField(string url, bool allowPrivateNetwork)
    {
        TestHostResolver.Set("metadata.test", IPAddress.Parse("169.254.169.254"));
        TestHostResolver.Set("internal.test", IPAddress.Parse("10.20.30.40"));
        TestHostResolver.Set("split.test", IPAddress.Parse("203.0.113.10"), IPAddress.Parse("127.0.0.1"));

        var result = await fixture.Dispatcher.CreateDestinationAsync(
            new DestinationSettings { Type = DestinationType.Webhook, Name = "ssrf", Url = url, AllowPrivateNetwork = allowPrivateNetwork },
            Grains.Auditing.Actor.System);

        Assert.Null(result.Destination);
        Assert.Equal(DestinationErrorKind.Invalid, result.Error);
        Assert.Equal("url", result.Field);
        Assert.Empty(await fixture.Dispatcher.ListDestinationsAsync());
    }

    [Fact]
    public async Task Create_MetadataSmtpHost_Rejected()
    {
        var result = await fixture.Dispatcher.CreateDestinationAsync(
            new DestinationSettings
            {
                Type = DestinationType.Email,
                Name = "ssrf mail",
                Smtp = new SmtpSettings { Host = "169.254.169.254", Port = 25, From = "a@example.test", To = ["b@example.test"] },
                AllowPrivateNetwork = true,
            },
            Grains.Auditing.Actor.System);

        Assert.Equal("smtp.host", result.Field);
    }

    [Fact]
    public async Task Delivery_NameRepointedToLoopback_RejectedBeforeConnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        // The name resolves to a public documentation address at creation; the check does
        // not connect, so nothing is sent there.
        TestHostResolver.Set("rebind.test", IPAddress.Parse("203.0.113.10"));
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "rebind", Url = $"http://rebind.test:{receiver.Port}/hook" });
        var destination = fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id);

        // Then DNS points it at loopback, where the receiver listens: delivery must refuse.
        TestHostResolver.Set("rebind.test", IPAddress.Loopback);
        var tokenId = Guid.NewGuid();
        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "t"), AlertClusterFixture.Event(tokenId, "e1")));

        var view = await Poll.UntilAsync(
            () => destination.GetAsync(),
            v => v!.RecentAttempts.Count >= 2,
            TimeSpan.FromSeconds(30),
            "two rejected attempts");
        Assert.All(view!.RecentAttempts, attempt => Assert.Equal(AttemptOutcome.WillRetry, attempt.Outcome));
        Assert.Contains("not allowed", view.RecentAttempts[0].Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
        Assert.Equal(0, receiver.RejectedCount);

        // Deleting the destination stops the retries.
        await fixture.Dispatcher.DeleteDestinationAsync(created.Destination.Id, Grains.Auditing.Actor.System);
    }
}
