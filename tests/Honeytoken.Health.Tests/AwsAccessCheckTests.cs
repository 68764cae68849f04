using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Grains.Health;
using Honeytoken.Health.Tests.Infrastructure;

namespace Honeytoken.Health.Tests;

/// <summary>"Access to AWS resources" against the emulator, with one fault at a time.</summary>
[Collection(HealthCollection.Name)]
public sealed class AwsAccessCheckTests(HealthHarness harness) : IAsyncLifetime
{
    public Task InitializeAsync() => harness.RestoreEmulatorAsync();

    public Task DisposeAsync() => harness.RestoreEmulatorAsync();

    [Fact]
    public async Task RunCheck_EmulatorHealthy_EverySubCheckOk()
    {
        var result = await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess);

        Assert.True(result.Started);
        var run = Assert.IsType<CheckRun>(result.Run);
        Assert.True(run.Status == HealthStatus.Ok, run.Describe());
        Assert.Equal(
            [AwsAccessCheck.ManagementRole, AwsAccessCheck.MemberRole, AwsAccessCheck.IamUserAndKey, AwsAccessCheck.LogBucket],
            run.SubChecks.Select(subCheck => subCheck.Name));
        Assert.All(run.SubChecks, subCheck => Assert.Contains(subCheck.Status, new[] { HealthStatus.Ok, HealthStatus.NotApplicable }));
        Assert.Contains("Created and deleted IAM user", run.SubCheck(AwsAccessCheck.IamUserAndKey)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCheck_ThrowawayUser_NamedLikeAHoneytokenUser()
    {
        var result = await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess);

        // The user shares a member account with the honeytokens. A telling name would mark it,
        // and by contrast the decoys, to anyone who can list the account's users.
        var message = Assert.IsType<CheckRun>(result.Run).SubCheck(AwsAccessCheck.IamUserAndKey)!.Message;
        var userName = System.Text.RegularExpressions.Regex.Match(message, "IAM user (\\S+) ").Groups[1].Value;
        Assert.Matches("^[a-z][a-z0-9.-]*[0-9]$", userName);
        Assert.DoesNotContain("honeytoken", userName, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("health", userName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunCheck_WrongExternalId_ManagementRoleFailing()
    {
        harness.SetManagementRoleExternalId("rotated-by-the-operator");

        var run = (await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess)).Run;

        Assert.Equal(HealthStatus.Failing, run!.Status);
        var role = run.SubCheck(AwsAccessCheck.ManagementRole)!;
        Assert.Equal(HealthStatus.Failing, role.Status);
        Assert.Contains("external ID is wrong", role.Message, StringComparison.Ordinal);
        Assert.Contains("management_role.external_id", role.Remediation, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Pending, run.SubCheck(AwsAccessCheck.IamUserAndKey)!.Status);
    }

    [Fact]
    public async Task RunCheck_IamDenied_IamSubCheckFailing()
    {
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { AccessDenied = [new FaultRule { Api = "iam:CreateUser" }] });

        var run = (await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess)).Run;

        Assert.Equal(HealthStatus.Failing, run!.Status);
        Assert.Equal(HealthStatus.Ok, run.SubCheck(AwsAccessCheck.ManagementRole)!.Status);
        var iam = run.SubCheck(AwsAccessCheck.IamUserAndKey)!;
        Assert.Equal(HealthStatus.Failing, iam.Status);
        Assert.Contains("IAM denied CreateUser", iam.Message, StringComparison.Ordinal);
        Assert.Contains("iam:CreateUser", iam.Remediation, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Ok, run.SubCheck(AwsAccessCheck.LogBucket)!.Status);
    }

    [Fact]
    public async Task RunCheck_LogBucketDenied_LogBucketFailing()
    {
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { AccessDenied = [new FaultRule { Api = "s3:ListObjectsV2" }] });

        var run = (await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess)).Run;

        Assert.Equal(HealthStatus.Failing, run!.Status);
        Assert.Equal(HealthStatus.Ok, run.SubCheck(AwsAccessCheck.IamUserAndKey)!.Status);
        var bucket = run.SubCheck(AwsAccessCheck.LogBucket)!;
        Assert.Equal(HealthStatus.Failing, bucket.Status);
        Assert.Contains("S3 denied access to the log bucket", bucket.Message, StringComparison.Ordinal);
        Assert.NotNull(bucket.Remediation);
    }

    [Fact]
    public async Task CheckAgain_ThroughApi_RerunsAwsAccess()
    {
        var before = await harness.Monitor.GetReportAsync();

        using var response = await harness.Admin.PostAsync("/v1/admin/health-checks/aws-access/run", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HealthStatus.Ok, run!["status"]!.GetValue<string>());
        var after = await harness.Monitor.GetReportAsync();
        Assert.True(after.AwsAccess!.StartedAt > (before.AwsAccess?.StartedAt ?? DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task RunReception_ThroughApi_RejectedAsScheduled()
    {
        using var response = await harness.Admin.PostAsync("/v1/admin/health-checks/events-reception/run", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var detail = problem!["detail"]!.GetValue<string>();
        Assert.Contains("cannot be run on demand", detail, StringComparison.Ordinal);
        Assert.Contains("scheduled every", detail, StringComparison.Ordinal);
        Assert.NotNull(problem["next_run_at"]);
    }

    [Fact]
    public async Task GetHealthChecks_ThroughApi_ReturnsEverySection()
    {
        using var response = await harness.Admin.GetAsync("/v1/admin/health-checks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(report!["status"]);
        Assert.NotNull(report["aws_access"]);
        Assert.NotNull(report["events_reception"]!["channels"]);
        Assert.Equal(2, report["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task GetHealthChecks_WithoutToken_Unauthorized()
    {
        using var anonymous = new HttpClient { BaseAddress = harness.ApiBaseUri };

        using var response = await anonymous.GetAsync("/v1/admin/health-checks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
