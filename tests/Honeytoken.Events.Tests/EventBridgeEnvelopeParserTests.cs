using System.Text.Json.Nodes;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Events.Channels.RealTime;

namespace Honeytoken.Events.Tests;

public sealed class EventBridgeEnvelopeParserTests
{
    private static JsonObject Envelope(string detailType, JsonNode detail) => new()
    {
        ["version"] = "0",
        ["id"] = "c0ffee00-1111-2222-3333-444455556666",
        ["detail-type"] = detailType,
        ["source"] = "aws.sts",
        ["account"] = "210987654321",
        ["time"] = "2026-11-20T08:15:31Z",
        ["region"] = "eu-central-1",
        ["resources"] = new JsonArray(),
        ["detail"] = detail,
    };

    [Fact]
    public void TryParse_ApiCall_ReturnsRecord()
    {
        var body = SampleRecords.Utf8(Envelope(EventBridgeEnvelope.ApiCallDetailType, SampleRecords.ApiCall()));

        Assert.True(EventBridgeEnvelopeParser.TryParse(body, CloudTrailParserLimits.Default, out var envelope, out var error), error);

        Assert.True(envelope!.IsApiCall);
        Assert.Equal("c0ffee00-1111-2222-3333-444455556666", envelope.Id);
        Assert.Equal("GetCallerIdentity", envelope.Detail!.EventName);
        Assert.Equal(SampleRecords.HoneytokenKey, envelope.Detail.UserIdentity?.AccessKeyId);
        Assert.Equal(0, envelope.Detail.Offset);
    }

    [Fact]
    public void TryParse_DetailWithoutRecipient_TakesEnvelopeAccount()
    {
        var detail = SampleRecords.ApiCall();
        detail.Remove("recipientAccountId");

        Assert.True(EventBridgeEnvelopeParser.TryParse(SampleRecords.Utf8(Envelope(EventBridgeEnvelope.ApiCallDetailType, detail)), CloudTrailParserLimits.Default, out var envelope, out _));

        Assert.Equal("210987654321", envelope!.Detail!.RecipientAccountId);
    }

    [Fact]
    public void TryParse_ServiceEvent_IsNotApiCall()
    {
        var body = SampleRecords.Utf8(Envelope("AWS Service Event via CloudTrail", SampleRecords.ServiceEvent()));

        Assert.True(EventBridgeEnvelopeParser.TryParse(body, CloudTrailParserLimits.Default, out var envelope, out _));

        Assert.False(envelope!.IsApiCall);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":")]
    [InlineData("{\"detail\":{}} {}")]
    public void TryParse_InvalidBody_ReturnsError(string body)
    {
        Assert.False(EventBridgeEnvelopeParser.TryParse(System.Text.Encoding.UTF8.GetBytes(body), CloudTrailParserLimits.Default, out var envelope, out var error));

        Assert.Null(envelope);
        Assert.NotNull(error);
    }
}
