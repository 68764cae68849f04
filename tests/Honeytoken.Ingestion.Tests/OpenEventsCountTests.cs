using System.Net;
using Honeytoken.Ingestion.Tests.Infrastructure;

namespace Honeytoken.Ingestion.Tests;

/// <summary>The open-event count that lists show follows the events stored after the first.</summary>
[Collection(IngestionCollection.Name)]
public sealed class OpenEventsCountTests(IngestionHarness harness)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SecondEvent_RaisesOpenEventsCountOfTheRow()
    {
        var token = await harness.CreateTokenAsync("open-events-count");
        var key = new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey };

        // The first event triggers the token and writes the count at once; the second is counted by a timer.
        foreach (var age in new[] { TimeSpan.FromSeconds(2), TimeSpan.Zero })
        {
            var envelope = ForgedWebhookTests.Envelope(CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow - age));
            Assert.Equal(HttpStatusCode.OK, await harness.PostAsync("/webhooks/aws/realtime", envelope, key));
        }

        var count = await Poll.UntilAsync(
            () => harness.CountAsync("SELECT open_events_count FROM honeytokens WHERE id = @id", ("id", token.Id)),
            value => value == 2,
            Deadline,
            "the open-event count of the row to reach 2");
        Assert.Equal(2, count);
    }
}
