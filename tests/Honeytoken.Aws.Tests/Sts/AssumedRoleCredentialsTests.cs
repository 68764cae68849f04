using Amazon.Runtime;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Sts;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Aws.Tests.Sts;

/// <summary>Role credentials are assumed once, cached, and assumed again when they expire on the fake clock.</summary>
public sealed class AssumedRoleCredentialsTests
{
    private const string RoleArn = "arn:aws:iam::111111111111:role/HoneytokenManagement";

    [Fact]
    public async Task GetCredentials_CachesUntilExpiryThenAssumesAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        int issued = 0;
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) =>
        {
            int number = Interlocked.Increment(ref issued);
            return MockResponse.Xml(StsResponses.AssumeRole(
                request.Form["RoleArn"], request.Form["RoleSessionName"], $"ASIAMANAGEMENT{number:D6}", $"management-secret-{number}", $"management-token-{number}", clock.GetUtcNow().AddHours(1)));
        });
        var logs = new ListLoggerProvider();
        AwsClientFactory factory = TestFactory.Create(server.Endpoint, clock, logs);
        using AssumedRoleCredentials credentials = factory.CreateAssumedRoleCredentials(TestAws.Credentials, RoleArn, "external-id-7f3a", "honeytoken-setup");

        ImmutableCredentials first = await credentials.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        ImmutableCredentials cached = await credentials.GetCredentialsAsync();

        Assert.Equal("ASIAMANAGEMENT000001", first.AccessKey);
        Assert.Equal("management-secret-1", first.SecretKey);
        Assert.Equal("management-token-1", first.Token);
        Assert.Equal(first.AccessKey, cached.AccessKey);
        Assert.Single(server.Requests);

        RecordedRequest assumeRole = server.Requests[0];
        Assert.Equal("AssumeRole", assumeRole.Form["Action"]);
        Assert.Equal(RoleArn, assumeRole.Form["RoleArn"]);
        Assert.Equal("external-id-7f3a", assumeRole.Form["ExternalId"]);
        Assert.Equal("honeytoken-setup", assumeRole.Form["RoleSessionName"]);
        Assert.Equal("3600", assumeRole.Form["DurationSeconds"]);
        Assert.Contains($"Credential={TestAws.AccessKeyId}/", assumeRole.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/us-east-1/sts/aws4_request", assumeRole.Header("Authorization"), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(11));
        ImmutableCredentials refreshed = await credentials.GetCredentialsAsync();

        Assert.Equal("ASIAMANAGEMENT000002", refreshed.AccessKey);
        Assert.Equal(2, server.Requests.Count);

        Assert.Contains(logs.Logger.Entries, entry => entry.EventId.Id == 4110 && entry.Message.Contains(RoleArn, StringComparison.Ordinal));
        foreach (LogEntry entry in logs.Logger.Entries)
        {
            Assert.DoesNotContain("management-secret", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("management-token", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("external-id-7f3a", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestAws.SecretAccessKey, entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetCredentials_AccessDenied_ThrowsAndLogsRole()
    {
        const string Denied = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error>
              <RequestId>8b2e1d4c-0000-4000-8000-000000000000</RequestId>
            </ErrorResponse>
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(Denied, 403));
        var logs = new ListLoggerProvider();
        AwsClientFactory factory = TestFactory.Create(server.Endpoint, TimeProvider.System, logs);
        using AssumedRoleCredentials credentials = factory.CreateAssumedRoleCredentials(TestAws.Credentials, RoleArn, "wrong-external-id", "honeytoken-setup");

        AmazonServiceException error = await Assert.ThrowsAsync<Amazon.SecurityToken.AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());

        Assert.Equal("AccessDenied", error.ErrorCode);
        LogEntry failure = Assert.Single(logs.Logger.Entries, entry => entry.EventId.Id == 4111);
        Assert.Contains(RoleArn, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Logger.Entries, entry => entry.Message.Contains("wrong-external-id", StringComparison.Ordinal));
    }
}
