using System.IO.Compression;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;

namespace Honeytoken.Aws.Tests.Emulator;

/// <summary>Role assumption through the emulator's STS, and reading log files through its S3 access point.</summary>
public sealed class StsAndS3EmulatorTests
{
    private const string AccessPointArn = $"arn:aws:s3:{EmulatorSeed.LocalLogRegion}:{EmulatorSeed.LocalAccountId}:accesspoint/{EmulatorSeed.LocalAccessPointName}";

    [Fact]
    public async Task VerifyManagementAccess_ReturnsAssumedRole()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();

        string arn = await aws.Session.VerifyManagementAccessAsync(CancellationToken.None);

        Assert.StartsWith($"arn:aws:sts::{aws.Host.AccountId}:assumed-role/{EmulatorSeed.LocalManagementRoleName}/", arn, StringComparison.Ordinal);
        foreach (LogEntry entry in aws.Logs.Logger.Entries)
        {
            Assert.DoesNotContain(aws.Host.SecretAccessKey, entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(aws.Host.ExternalId, entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WrongExternalId_AccessDenied()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        using AwsAccountSession session = aws.Factory.OpenSession(aws.Settings with { ExternalId = "not-the-external-id" });

        AmazonSecurityTokenServiceException error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => session.IamFor(aws.Host.AccountId).GetUserAsync(new GetUserRequest { UserName = "honeytoken-bootstrap" }, CancellationToken.None));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetObject_LogFile_ContainsRecords()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        await aws.Session.IamFor(aws.Host.AccountId).CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);
        IReadOnlyList<string> objectKeys = await aws.Host.Control.FlushLogFilesAsync();
        string[] logFileKeys = objectKeys.Where(key => key.EndsWith(".json.gz", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(logFileKeys);

        // The emulator writes one file per region, besides files without records, so the CreateUser
        // record is in one of them.
        var eventNames = new List<string>();
        foreach (string objectKey in logFileKeys)
        {
            using GetObjectResponse response = await aws.Session.S3.GetObjectAsync(
                new GetObjectRequest { BucketName = AccessPointArn, Key = objectKey }, CancellationToken.None);
            await using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
            using JsonDocument logFile = await JsonDocument.ParseAsync(gzip);
            if (logFile.RootElement.TryGetProperty("Records", out JsonElement records))
            {
                eventNames.AddRange(records.EnumerateArray().Select(record => record.GetProperty("eventName").GetString()!));
            }
        }

        Assert.Contains("CreateUser", eventNames);
        Assert.Contains("AssumeRole", eventNames);
    }

    [Fact]
    public async Task PutObject_ThenGetObject_RoundTrips()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IAmazonS3 s3 = aws.Session.S3;

        await s3.PutObjectAsync(
            new PutObjectRequest { BucketName = AccessPointArn, Key = "probe/health-check.txt", ContentBody = "reachable" }, CancellationToken.None);
        using GetObjectResponse response = await s3.GetObjectAsync(
            new GetObjectRequest { BucketName = AccessPointArn, Key = "probe/health-check.txt" }, CancellationToken.None);
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Equal("reachable", await reader.ReadToEndAsync());
    }
}
