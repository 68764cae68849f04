using Honeytoken.Grains.Events;

namespace Honeytoken.Events.Tests;

public sealed class HoneytokenIdentityIndexTests
{
    private static HoneytokenIdentityIndex KeyOnlyIndex() =>
        new([new HoneytokenIdentity(SampleRecords.TokenId, [SampleRecords.HoneytokenKey], [], [])]);

    private static HoneytokenIdentityIndex FullIndex() =>
        new([new HoneytokenIdentity(SampleRecords.TokenId, [SampleRecords.HoneytokenKey], [SampleRecords.HoneytokenUserArn], [SampleRecords.HoneytokenUserId])]);

    private static CloudTrailRecord Parse(System.Text.Json.Nodes.JsonNode node) =>
        CloudTrailRecordParser.Parse(SampleRecords.Utf8(node), 0, CloudTrailParserLimits.Default);

    [Fact]
    public void Attribute_LongTermKey_MatchesAccessKey()
    {
        var attribution = KeyOnlyIndex().Attribute(Parse(SampleRecords.ApiCall()));

        Assert.Equal(SampleRecords.TokenId, attribution.TokenId);
        Assert.Equal(AttributionMatch.AccessKey, attribution.Match);
        Assert.Null(attribution.DerivedAccessKeyId);
    }

    [Fact]
    public void Attribute_OtherKey_MatchesNothing()
    {
        var record = SampleRecords.ApiCall(accessKeyId: SampleRecords.OtherKey);
        record["userIdentity"]!["arn"] = "arn:aws:iam::210987654321:user/someone-else";
        record["userIdentity"]!["principalId"] = "AIDASOMEONEELSE000001";

        var attribution = FullIndex().Attribute(Parse(record));

        Assert.False(attribution.IsAttributed);
    }

    [Fact]
    public void Attribute_KeyWithOtherCase_MatchesNothing()
    {
        var attribution = KeyOnlyIndex().Attribute(Parse(SampleRecords.ApiCall(accessKeyId: SampleRecords.HoneytokenKey.ToLowerInvariant())));

        Assert.False(attribution.IsAttributed);
    }

    [Fact]
    public void Attribute_UnusualKeyShape_MatchesExactly()
    {
        var index = new HoneytokenIdentityIndex([new HoneytokenIdentity(SampleRecords.TokenId, ["legacy_key-01"], [], [])]);
        var record = SampleRecords.ApiCall(accessKeyId: "legacy_key-01");
        record["userIdentity"]!["accountId"] = "0042";

        Assert.True(index.Attribute(Parse(record)).IsAttributed);
    }

    [Fact]
    public void Attribute_SessionTokenKey_IsLearnt()
    {
        var index = KeyOnlyIndex();
        var minting = index.Attribute(Parse(SampleRecords.Minting("GetSessionToken", "ASIATEMPORARY0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000051")));

        var later = SampleRecords.SessionTokenCall("ASIATEMPORARY0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000052");
        later["userIdentity"]!["arn"] = "arn:aws:iam::210987654321:user/renamed";
        var attribution = index.Attribute(Parse(later));

        Assert.Equal("ASIATEMPORARY0000001", minting.DerivedAccessKeyId);
        Assert.Equal(1, index.DerivedAccessKeyCount);
        Assert.Equal(SampleRecords.TokenId, attribution.TokenId);
        Assert.Equal(AttributionMatch.DerivedAccessKey, attribution.Match);
    }

    [Fact]
    public void Attribute_UnseenSessionKey_MatchesUserArn()
    {
        var attribution = FullIndex().Attribute(Parse(SampleRecords.SessionTokenCall("ASIAUNSEENBEFORE0001", "5e0d7a0c-1111-4c2b-8e8f-000000000053")));

        Assert.Equal(SampleRecords.TokenId, attribution.TokenId);
        Assert.Equal(AttributionMatch.PrincipalArn, attribution.Match);
    }

    [Fact]
    public void Attribute_FederatedCall_MatchesIssuerArn()
    {
        var index = new HoneytokenIdentityIndex([new HoneytokenIdentity(SampleRecords.TokenId, [SampleRecords.HoneytokenKey], [SampleRecords.HoneytokenUserArn], [])]);

        var attribution = index.Attribute(Parse(SampleRecords.FederatedUserCall("ASIAFEDERATED0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000061")));

        Assert.Equal(SampleRecords.TokenId, attribution.TokenId);
        Assert.Equal(AttributionMatch.SessionIssuerArn, attribution.Match);
    }

    [Fact]
    public void Attribute_FederatedCall_MatchesIssuerId()
    {
        var index = new HoneytokenIdentityIndex([new HoneytokenIdentity(SampleRecords.TokenId, [], [], [SampleRecords.HoneytokenUserId])]);

        var attribution = index.Attribute(Parse(SampleRecords.FederatedUserCall("ASIAFEDERATED0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000062")));

        Assert.Equal(AttributionMatch.SessionIssuerPrincipalId, attribution.Match);
    }

    [Fact]
    public void Attribute_FederationTokenKey_IsLearnt()
    {
        var index = KeyOnlyIndex();
        index.Attribute(Parse(SampleRecords.Minting("GetFederationToken", "ASIAFEDERATED0000002", "5e0d7a0c-1111-4c2b-8e8f-000000000063")));

        var later = SampleRecords.FederatedUserCall("ASIAFEDERATED0000002", "5e0d7a0c-1111-4c2b-8e8f-000000000064");
        var attribution = index.Attribute(Parse(later));

        Assert.Equal(AttributionMatch.DerivedAccessKey, attribution.Match);
    }

    [Fact]
    public void Attribute_FailedMinting_LearnsNothing()
    {
        var index = KeyOnlyIndex();
        var minting = SampleRecords.Minting("GetSessionToken", "ASIATEMPORARY0000009", "5e0d7a0c-1111-4c2b-8e8f-000000000065");
        minting["errorCode"] = "AccessDenied";

        var attribution = index.Attribute(Parse(minting));

        Assert.True(attribution.IsAttributed);
        Assert.Null(attribution.DerivedAccessKeyId);
        Assert.Equal(0, index.DerivedAccessKeyCount);
    }

    [Fact]
    public void Attribute_MintingByOtherIdentity_LearnsNothing()
    {
        var index = KeyOnlyIndex();
        var minting = SampleRecords.Minting("GetSessionToken", "ASIATEMPORARY0000010", "5e0d7a0c-1111-4c2b-8e8f-000000000066");
        minting["userIdentity"]!["accessKeyId"] = SampleRecords.OtherKey;

        Assert.False(index.Attribute(Parse(minting)).IsAttributed);
        Assert.Equal(0, index.DerivedAccessKeyCount);
    }

    [Fact]
    public void Attribute_EmptyKeyWithBlankRegistration_MatchesNothing()
    {
        var index = new HoneytokenIdentityIndex([new HoneytokenIdentity(SampleRecords.TokenId, ["", " "], [""], [""])]);
        var record = SampleRecords.ConsoleLogin(accessKeyId: "");
        record["userIdentity"]!["arn"] = "";

        Assert.False(index.Attribute(Parse(record)).IsAttributed);
    }

    [Fact]
    public void Attribute_NoUserIdentity_MatchesNothing()
    {
        Assert.False(FullIndex().Attribute(Parse(SampleRecords.InsightEvent())).IsAttributed);
    }

    [Fact]
    public void Constructor_KeySharedByTwoTokens_Throws()
    {
        var tokens = new[]
        {
            new HoneytokenIdentity(Guid.NewGuid(), [SampleRecords.HoneytokenKey], [], []),
            new HoneytokenIdentity(Guid.NewGuid(), [SampleRecords.HoneytokenKey], [], []),
        };

        var error = Assert.Throws<ArgumentException>(() => new HoneytokenIdentityIndex(tokens));

        Assert.Contains(SampleRecords.HoneytokenKey, error.Message, StringComparison.Ordinal);
    }
}
