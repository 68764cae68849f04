using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Hosting;

/// <summary>State kept in a state file across restarts.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string stateFile = Path.Combine(Path.GetTempPath(), $"emulator-state-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(stateFile);

    [Fact]
    public async Task Restart_KeepsUsersKeysObjectsAndSigningCertificate()
    {
        AccessKeyPair key;
        string certificateBefore;
        await using (var first = await Emulator.StartAsync(options => options.StateFile = stateFile))
        {
            key = await first.AddHoneytokenUserAsync("Persisted-User");
            using var s3 = new Amazon.S3.AmazonS3Client(new BasicAWSCredentials(first.AccessKeyId, first.SecretAccessKey),
                new Amazon.S3.AmazonS3Config { ServiceURL = first.BaseUri.ToString(), AuthenticationRegion = "us-west-2", ForcePathStyle = true });
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "honeytoken-trail-logs", Key = "kept.txt", ContentBody = "kept" });
            certificateBefore = await CertificateAsync(first);
        }

        await using var second = await Emulator.StartAsync(options => options.StateFile = stateFile);
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = second.BaseUri.ToString(), AuthenticationRegion = "us-east-1" });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        using var s3Again = new Amazon.S3.AmazonS3Client(new BasicAWSCredentials(second.AccessKeyId, second.SecretAccessKey),
            new Amazon.S3.AmazonS3Config { ServiceURL = second.BaseUri.ToString(), AuthenticationRegion = "us-west-2", ForcePathStyle = true });
        using var kept = await s3Again.GetObjectAsync("honeytoken-trail-logs", "kept.txt");
        using var reader = new StreamReader(kept.ResponseStream);

        Assert.Equal("arn:aws:iam::123456789012:user/Persisted-User", identity.Arn);
        Assert.Equal("kept", await reader.ReadToEndAsync());
        Assert.Equal(certificateBefore, await CertificateAsync(second));
        var users = await ExternalClients.Boto3Async(second.BaseUri, second.Admin(), """
            import os, boto3
            iam = boto3.session.Session(region_name="us-east-1").client("iam", endpoint_url=os.environ["ENDPOINT"])
            print(iam.get_user(UserName="persisted-user")["User"]["UserName"])
            """);
        Assert.True(users.ExitCode == 0, users.ToString());
        Assert.Equal("Persisted-User", users.StandardOutput.Trim());
    }

    [Fact]
    public async Task WithoutStateFile_RestartStartsFromSeed()
    {
        AccessKeyPair key;
        await using (var first = await Emulator.StartAsync())
        {
            key = await first.AddHoneytokenUserAsync("forgotten-user");
        }

        await using var second = await Emulator.StartAsync();
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = second.BaseUri.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    private static async Task<string> CertificateAsync(AwsEmulatorHost host)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync((await host.Control.GetSeedAsync()).SigningCertUrl);
    }
}
