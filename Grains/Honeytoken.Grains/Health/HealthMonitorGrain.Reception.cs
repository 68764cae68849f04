using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;

namespace Honeytoken.Grains.Health;

/// <summary>The "Reception of events" check: the probe key, the probe calls and their events.</summary>
public sealed partial class HealthMonitorGrain
{
    private const string ProbeCallName = "probe_call";

    // Bounds the watched calls when a failing threshold is many periods long.
    private const int MaxProbes = 100;

    // IAM needs a few seconds before a new key signs requests; a failure inside this window is not yet a fault.
    private static readonly TimeSpan NewKeyGrace = TimeSpan.FromMinutes(1);

    public async Task ObserveProbeEventAsync(ProbeEventObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);

        var probe = Current.Probes.FirstOrDefault(call => call.RequestId == observation.RequestId);
        if (probe is null)
        {
            HealthLog.ProbeEventUnmatched(logger, observation.RequestId, observation.Channel);
        }
        else
        {
            HealthLog.ProbeEventObserved(logger, observation.RequestId, observation.Channel);
            probe.ReceivedAt.TryAdd(observation.Channel, observation.ReceivedAt);
        }

        Current.LastEvents[observation.Channel] = observation;
        await state.WriteStateAsync();
    }

    private async Task RunReceptionAsync(CancellationToken cancellationToken)
    {
        HealthLog.CheckStarted(logger, HealthCheckNames.EventsReception, InstallationId);
        var startedAt = timeProvider.GetUtcNow();
        Current.LastReceptionRunAt = startedAt;
        Current.NextReceptionRunAt = startedAt + options.ReceptionPeriod;

        var configuration = await GrainFactory.GetGrain<ITenantSetupGrain>(InstallationId).GetConfigurationAsync();
        if (configuration is null)
        {
            await state.WriteStateAsync();
            return;
        }

        Current.LastProbeCall = await MakeProbeCallAsync(configuration, cancellationToken);
        PruneProbes(startedAt);

        var report = BuildReceptionReport(timeProvider.GetUtcNow(), configured: true);
        var subChecks = report.Channels
            .Select(channel => new SubCheckResult(channel.Channel, channel.Status, channel.Message, channel.Remediation, timeProvider.GetUtcNow()))
            .Append(Current.LastProbeCall)
            .ToList();
        Append(Current.ReceptionHistory, new CheckRun(HealthCheckNames.EventsReception, report.Status, startedAt, timeProvider.GetUtcNow(), subChecks));

        await state.WriteStateAsync();
        HealthLog.CheckFinished(logger, HealthCheckNames.EventsReception, InstallationId, report.Status);
    }

    private ReceptionReport BuildReceptionReport(DateTimeOffset now, bool configured)
    {
        var channels = ReceptionEvaluator.Evaluate(Current.Probes, Current.LastEvents, options, now);
        var statuses = channels.Select(channel => channel.Status).ToList();
        if (Current.LastProbeCall is { } probeCall)
        {
            statuses.Add(probeCall.Status);
        }

        var status = configured ? HealthStatus.Worst(statuses) : HealthStatus.NotConfigured;
        return new ReceptionReport(status, channels, Current.LastProbeCall, options.ReceptionPeriod,
            Current.LastReceptionRunAt, Current.NextReceptionRunAt, Current.ProbeKey?.AccessKeyId, Current.ReceptionHistory.ToList());
    }

    private async Task<SubCheckResult> MakeProbeCallAsync(HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        var factory = clients.For(configuration);
        ProbeKeyState key;
        try
        {
            key = await EnsureProbeKeyAsync(configuration, factory, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            var code = (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name;
            HealthLog.ProbeKeyFailed(logger, InstallationId, code, exception);
            return new SubCheckResult(ProbeCallName, HealthStatus.Failing,
                $"The probe key could not be created in the management account: {code}: {exception.Message}",
                $"Allow the management role iam:CreateUser, iam:CreateAccessKey, iam:ListAccessKeys and iam:DeleteAccessKey on user {options.ProbeUserName}.",
                timeProvider.GetUtcNow());
        }

        var calledAt = timeProvider.GetUtcNow();
        try
        {
            var credentials = new BasicAWSCredentials(key.AccessKeyId, secretProtector.Unprotect(SecretPurposes.HealthProbeKey, key.SecretProtected));
            using var sts = factory.CreateStsClient(credentials);
            var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
            var requestId = response.ResponseMetadata.RequestId;
            Current.Probes.Add(new ProbeCall { RequestId = requestId, CalledAt = calledAt });
            return new SubCheckResult(ProbeCallName, HealthStatus.Ok,
                $"Called sts:GetCallerIdentity with probe key {key.AccessKeyId} at {calledAt:u} (request {requestId}).", null, timeProvider.GetUtcNow());
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidClientTokenId" && calledAt - key.CreatedAt < NewKeyGrace)
        {
            HealthLog.ProbeCallFailed(logger, key.AccessKeyId, exception.ErrorCode, exception);
            return new SubCheckResult(ProbeCallName, HealthStatus.Pending,
                $"Probe key {key.AccessKeyId} was created at {key.CreatedAt:u} and is not usable yet; IAM takes a few seconds to accept a new key.", null, timeProvider.GetUtcNow());
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidClientTokenId")
        {
            // The key was deleted outside the service: the next run creates a new one.
            HealthLog.ProbeCallFailed(logger, key.AccessKeyId, exception.ErrorCode, exception);
            await GrainFactory.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForAccessKey(key.AccessKeyId)).ClearHealthMonitorAsync();
            Current.ProbeKey = null;
            return new SubCheckResult(ProbeCallName, HealthStatus.Failing,
                $"AWS rejected probe key {key.AccessKeyId} (InvalidClientTokenId); the next run creates a new key.",
                $"Do not delete or deactivate the access keys of IAM user {key.UserName}: the reception check owns them.", timeProvider.GetUtcNow());
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            var code = (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name;
            HealthLog.ProbeCallFailed(logger, key.AccessKeyId, code, exception);
            return new SubCheckResult(ProbeCallName, HealthStatus.Failing,
                $"The probe call sts:GetCallerIdentity with key {key.AccessKeyId} failed: {code}: {exception.Message}",
                "Check the STS endpoint of the configuration and the node results for DNS, TLS or clock problems.", timeProvider.GetUtcNow());
        }
    }

    /// <summary>
    /// Returns the probe key, creating the probe user and a new key first when there is none for
    /// the configured management role. Keys of the user that the state does not record are
    /// deleted first: they were created by a run that crashed before saving their secret.
    /// </summary>
    private async Task<ProbeKeyState> EnsureProbeKeyAsync(HoneytokenConfiguration configuration, AwsClientFactory factory, CancellationToken cancellationToken)
    {
        if (Current.ProbeKey is { } existing && existing.ManagementRoleArn == configuration.ManagementRole.Arn)
        {
            return existing;
        }

        if (Current.ProbeKey is { } replaced)
        {
            await GrainFactory.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForAccessKey(replaced.AccessKeyId)).ClearHealthMonitorAsync();
        }

        var bootstrap = new BasicAWSCredentials(configuration.BootstrapCredentials.AccessKeyId, configuration.BootstrapCredentials.SecretAccessKey);
        using var management = factory.CreateAssumedRoleCredentials(bootstrap, configuration.ManagementRole.Arn, configuration.ManagementRole.ExternalId, "honeytoken-health-probe");
        using var iam = factory.CreateIamClient(management);
        var userName = options.ProbeUserName;
        try
        {
            await iam.CreateUserAsync(new CreateUserRequest { UserName = userName, Path = options.IamPath }, cancellationToken);
        }
        catch (IamException exception) when (exception.IsEntityAlreadyExists)
        {
            // Made by an earlier run or an earlier configuration of the same organization.
        }

        var keys = await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = userName }, cancellationToken);
        foreach (var old in keys.AccessKeys)
        {
            await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = userName, AccessKeyId = old.AccessKeyId }, cancellationToken);
            HealthLog.OldProbeKeyDeleted(logger, old.AccessKeyId, userName);
        }

        var created = await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = userName }, cancellationToken);
        var key = new ProbeKeyState
        {
            AccountId = configuration.ManagementRole.AccountId,
            UserName = userName,
            AccessKeyId = created.AccessKey.AccessKeyId,
            SecretProtected = secretProtector.Protect(SecretPurposes.HealthProbeKey, created.AccessKey.SecretAccessKey),
            ManagementRoleArn = configuration.ManagementRole.Arn,
            CreatedAt = timeProvider.GetUtcNow(),
        };

        // Saved before the route exists, so that an event of the key always finds the key in the monitor's state.
        Current.ProbeKey = key;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForAccessKey(key.AccessKeyId)).SetHealthMonitorAsync(InstallationId);
        HealthLog.ProbeKeyCreated(logger, key.AccessKeyId, userName, key.AccountId, InstallationId);
        return key;
    }

    private void PruneProbes(DateTimeOffset now)
    {
        // A call older than the longest failing threshold plus one period can no longer decide a channel.
        var horizon = Max(options.RealTimeFailingAfter, options.LogFileFailingAfter) + options.ReceptionPeriod;
        Current.Probes.RemoveAll(call => now - call.CalledAt > horizon);
        if (Current.Probes.Count > MaxProbes)
        {
            Current.Probes.RemoveRange(0, Current.Probes.Count - MaxProbes);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
