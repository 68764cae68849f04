using Honeytoken.Grains.Events.Channels.CatchUp;

namespace Honeytoken.Events.Tests;

public sealed class CloudTrailFolderTests
{
    [Theory]
    [InlineData("AWSLogs/", CloudTrailFolderKind.Walk)]
    [InlineData("trails/prod/", CloudTrailFolderKind.Walk)]
    [InlineData("AWSLogs/o-abc123def4/", CloudTrailFolderKind.Walk)]
    [InlineData("AWSLogs/o-abc123def4/130442751924/", CloudTrailFolderKind.Account)]
    [InlineData("AWSLogs/130442751924/", CloudTrailFolderKind.Account)]
    [InlineData("trails/prod/AWSLogs/130442751924/", CloudTrailFolderKind.Account)]
    [InlineData("AWSLogs/o-abc123def4/130442751924/CloudTrail/", CloudTrailFolderKind.Walk)]
    [InlineData("AWSLogs/130442751924/CloudTrail/", CloudTrailFolderKind.Walk)]
    [InlineData("AWSLogs/o-abc123def4/130442751924/CloudTrail/eu-central-1/", CloudTrailFolderKind.Region)]
    [InlineData("AWSLogs/130442751924/CloudTrail/us-east-1/", CloudTrailFolderKind.Region)]
    [InlineData("trails/prod/AWSLogs/o-abc123def4/130442751924/CloudTrail/us-east-1/", CloudTrailFolderKind.Region)]
    [InlineData("AWSLogs/o-abc123def4/130442751924/CloudTrail-Digest/", CloudTrailFolderKind.Other)]
    [InlineData("AWSLogs/130442751924/CloudTrail-Insight/", CloudTrailFolderKind.Other)]
    [InlineData("AWSLogs/130442751924/elasticloadbalancing/", CloudTrailFolderKind.Other)]
    [InlineData("AWSLogs/not-an-account/", CloudTrailFolderKind.Other)]
    [InlineData("AWSLogs/130442751924/CloudTrail/us-east-1/2026/", CloudTrailFolderKind.Other)]
    public void Classify_ReturnsPlaceInLayout(string folder, CloudTrailFolderKind expected)
    {
        Assert.Equal(expected, CloudTrailFolder.Classify(folder));
    }
}
