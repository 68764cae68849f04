using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.CloudTrail;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Signing;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Control;

/// <summary>
/// Endpoints under <c>/_emulator/</c> that tests and scripts use to inspect and steer the
/// emulator. They are not AWS APIs and need no signature, which is why the emulator
/// listens on loopback only.
/// </summary>
public static class ControlApi
{
    public const string Prefix = "/_emulator";

    public static void MapControlApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);

        // Ready once the seed is applied: the management account and the log bucket exist.
        group.MapGet("/health", (EmulatorState state) =>
        {
            lock (state.Gate)
            {
                var seeded = state.Accounts.Count > 0 && (state.Trail.BucketName is null || state.Buckets.ContainsKey(state.Trail.BucketName));
                return seeded
                    ? Results.Ok(new { status = "ok", accounts = state.Accounts.Count, buckets = state.Buckets.Count })
                    : Results.Problem("The emulator has no seeded account or lacks the trail's log bucket; apply a seed.", statusCode: 503, title: "Not seeded");
            }
        });

        group.MapGet("/seed", (EmulatorState state, EmulatorEndpoint endpoint) => Results.Ok(Summary(state, endpoint)));

        group.MapPost("/seed", async (EmulatorSeed seed, EmulatorState state, DeliveryConfigurator deliveries, StateStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            try
            {
                SeedApplier.Apply(state, seed, time.GetUtcNow());
            }
            catch (InvalidOperationException exception)
            {
                return Results.Problem(exception.Message, statusCode: 400, title: "Invalid seed");
            }

            if (seed.Deliveries is { } targets)
            {
                if (targets.Validate() is { } error)
                {
                    return Results.Problem(error, statusCode: 400, title: "Invalid delivery targets");
                }

                deliveries.Apply(targets);
            }

            await store.SaveAsync(cancellationToken);
            return Results.NoContent();
        });

        group.MapGet("/faults", (FaultInjector faults) => Results.Ok(faults.Settings));

        group.MapPut("/faults", (FaultSettings settings, FaultInjector faults) =>
        {
            if (settings.Validate() is { } error)
            {
                return Results.Problem(error, statusCode: 400, title: "Invalid fault settings");
            }

            faults.Apply(settings);
            return Results.NoContent();
        });

        group.MapGet("/deliveries", (EmulatorState state) =>
        {
            lock (state.Gate)
            {
                return Results.Ok(state.Deliveries);
            }
        });

        group.MapPut("/deliveries", async (DeliveryTargets targets, DeliveryConfigurator deliveries, StateStore store, CancellationToken cancellationToken) =>
        {
            if (targets.Validate() is { } error)
            {
                return Results.Problem(error, statusCode: 400, title: "Invalid delivery targets");
            }

            deliveries.Apply(targets);
            await store.SaveAsync(cancellationToken);
            return Results.NoContent();
        });

        group.MapGet("/deliveries/statistics", (DeliveryStatistics statistics) => Results.Ok(statistics.Snapshot()));

        // Every IAM user and long-term access key, in every account, so that a test can check
        // that the service keeps a record of each one it made.
        group.MapGet("/iam", (EmulatorState state) =>
        {
            lock (state.Gate)
            {
                return Results.Ok(new IamInventory
                {
                    Users = [.. state.Accounts.Values.SelectMany(account => account.Users.Values)
                        .Select(user => new IamInventoryUser(user.AccountId, user.UserName))],
                    AccessKeys = [.. state.AccessKeys.Values.Where(key => !key.IsTemporary && key.UserName is not null)
                        .Select(key => new IamInventoryKey(key.AccountId, key.UserName!, key.AccessKeyId, key.Status))],
                });
            }
        });

        group.MapPost("/deliveries/flush", (RealTimeDelivery realTime) =>
        {
            realTime.Flush();
            return Results.NoContent();
        });

        group.MapPost("/cloudtrail/flush", async (LogFileWriter writer, StateStore store, CancellationToken cancellationToken) =>
        {
            var keys = await writer.FlushAsync(cancellationToken);
            await store.SaveAsync(cancellationToken);
            return Results.Ok(new { objects = keys });
        });

        group.MapGet("/cloudtrail/records", (CloudTrailRecorder recorder) =>
        {
            var records = new JsonArray(recorder.Snapshot().Select(r => (JsonNode)r).ToArray());
            return Results.Content(new JsonObject { ["Records"] = records }.ToJsonString(AwsJson.Options), "application/json");
        });

        group.MapGet("/sns/confirm-subscription", async (string topicArn, string token, SnsPublisher publisher, StateStore store, CancellationToken cancellationToken) =>
        {
            if (!publisher.Confirm(topicArn, token))
            {
                return Results.Problem($"No pending subscription of topic '{topicArn}' has that token.", statusCode: 404, title: "Subscription not found");
            }

            await store.SaveAsync(cancellationToken);
            return Results.Content(
                "<ConfirmSubscriptionResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><ConfirmSubscriptionResult><SubscriptionArn>"
                + System.Security.SecurityElement.Escape(topicArn) + "</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>",
                "text/xml");
        });

        group.MapGet("/sns/unsubscribe", async (string subscriptionArn, SnsPublisher publisher, StateStore store, CancellationToken cancellationToken) =>
        {
            if (!publisher.Unsubscribe(subscriptionArn))
            {
                return Results.Problem($"Subscription '{subscriptionArn}' does not exist.", statusCode: 404, title: "Subscription not found");
            }

            await store.SaveAsync(cancellationToken);
            return Results.Content(
                "<UnsubscribeResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><ResponseMetadata><RequestId>"
                + Guid.NewGuid() + "</RequestId></ResponseMetadata></UnsubscribeResponse>",
                "text/xml");
        });

        group.MapGet("/sns/" + Path.GetFileName(EmulatorEndpoint.SigningCertificatePath),
            (SnsMessageSigner signer) => Results.Text(signer.CertificatePem, "application/x-x509-ca-cert"));

        group.MapGet("/config", (EmulatorEndpoint endpoint) =>
            Results.Content(HoneytokenConfigFile.Build(endpoint.BaseUri).ToJsonString(AwsJson.Options), "application/json"));
    }

    private static EmulatorSummary Summary(EmulatorState state, EmulatorEndpoint endpoint) => new()
    {
        AccountId = EmulatorSeed.LocalAccountId,
        AccessKeyId = EmulatorSeed.LocalAccessKeyId,
        SecretAccessKey = EmulatorSeed.LocalSecretAccessKey,
        OrganizationId = state.Organization?.Id ?? EmulatorSeed.LocalOrganizationId,
        ManagementRoleArn = $"arn:aws:iam::{EmulatorSeed.LocalAccountId}:role/{EmulatorSeed.LocalManagementRoleName}",
        ExternalId = EmulatorSeed.LocalExternalId,
        LogBucket = EmulatorSeed.LocalLogBucket,
        LogBucketRegion = EmulatorSeed.LocalLogRegion,
        AccessPointArn = $"arn:aws:s3:{EmulatorSeed.LocalLogRegion}:{EmulatorSeed.LocalAccountId}:accesspoint/{EmulatorSeed.LocalAccessPointName}",
        TopicArn = EmulatorSeed.LocalTopicArn,
        SigningCertUrl = endpoint.SigningCertUrl,
    };
}
