using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.AwsEmulator.Control;

/// <summary>
/// Builds the <c>aws_honeytoken_config.json</c> that matches the local seed, the file an
/// operator uploads to the service so that it provisions honeytokens in the emulator.
/// </summary>
public static class HoneytokenConfigFile
{
    /// <summary>Shared secret of the real-time webhook in the local profile.</summary>
    public const string LocalRealTimeWebhookKey = "local-realtime-webhook-key-not-secret";

    /// <summary>Header that carries <see cref="LocalRealTimeWebhookKey"/>.</summary>
    public const string LocalRealTimeWebhookHeader = "X-Honeytoken-Webhook-Key";

    public static JsonObject Build(Uri endpoint)
    {
        var url = endpoint.ToString().TrimEnd('/');
        return new JsonObject
        {
            ["version"] = 1,
            ["bootstrap_credentials"] = new JsonObject
            {
                ["access_key_id"] = EmulatorSeed.LocalAccessKeyId,
                ["secret_access_key"] = EmulatorSeed.LocalSecretAccessKey,
            },
            ["management_role"] = new JsonObject
            {
                ["arn"] = $"arn:aws:iam::{EmulatorSeed.LocalAccountId}:role/{EmulatorSeed.LocalManagementRoleName}",
                ["external_id"] = EmulatorSeed.LocalExternalId,
            },
            ["organization"] = new JsonObject
            {
                ["member_accounts"] = 2,
                ["account_name_pattern"] = "Workloads {n}",
                ["email_pattern"] = "aws-workloads+{n}@example.com",
                ["member_role_name"] = EmulatorSeed.LocalMemberRoleName,
            },
            ["pool"] = new JsonObject { ["size"] = 200 },
            ["logs"] = new JsonObject
            {
                ["access_point_arn"] = $"arn:aws:s3:{EmulatorSeed.LocalLogRegion}:{EmulatorSeed.LocalAccountId}:accesspoint/{EmulatorSeed.LocalAccessPointName}",
                ["prefix"] = "AWSLogs/",
                ["sns_topic_arn"] = EmulatorSeed.LocalTopicArn,
            },
            ["realtime"] = new JsonObject
            {
                ["webhook_header_name"] = LocalRealTimeWebhookHeader,
                ["webhook_key"] = LocalRealTimeWebhookKey,
            },
            ["endpoints"] = new JsonObject
            {
                ["sts"] = url,
                ["regional_sts"] = url,
                ["iam"] = url,
                ["s3_access_point"] = url,
                ["organizations"] = url,
            },
        };
    }
}
