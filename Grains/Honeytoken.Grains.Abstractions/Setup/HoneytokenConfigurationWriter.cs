using System.Text.Json;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// Writes a configuration back in the file format of <c>aws_honeytoken_config.json</c>,
/// with every secret replaced by <see cref="Mask"/>, for display.
/// </summary>
public static class HoneytokenConfigurationWriter
{
    /// <summary>What a secret is shown as. It says a value is set without revealing any part of it.</summary>
    public const string Mask = "********";

    public static void WriteMasked(Utf8JsonWriter writer, HoneytokenConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(configuration);

        writer.WriteStartObject();
        writer.WriteNumber("version", configuration.Version);

        writer.WriteStartObject("bootstrap_credentials");
        writer.WriteString("access_key_id", configuration.BootstrapCredentials.AccessKeyId);
        writer.WriteString("secret_access_key", Mask);
        writer.WriteEndObject();

        writer.WriteStartObject("management_role");
        writer.WriteString("arn", configuration.ManagementRole.Arn);
        writer.WriteString("external_id", Mask);
        writer.WriteEndObject();

        var organization = configuration.Organization;
        writer.WriteStartObject("organization");
        writer.WriteNumber("member_accounts", organization.MemberAccounts);
        writer.WriteString("account_name_pattern", organization.AccountNamePattern);
        writer.WriteString("email_pattern", organization.EmailPattern);
        writer.WriteString("member_role_name", organization.MemberRoleName);
        writer.WriteEndObject();

        writer.WriteStartObject("pool");
        writer.WriteNumber("size", configuration.Pool.Size);
        writer.WriteEndObject();

        writer.WriteStartObject("logs");
        writer.WriteString("access_point_arn", configuration.Logs.AccessPointArn);
        writer.WriteString("prefix", configuration.Logs.Prefix);
        writer.WriteString("sns_topic_arn", configuration.Logs.SnsTopicArn);
        writer.WriteEndObject();

        writer.WriteStartObject("realtime");
        writer.WriteString("webhook_header_name", configuration.RealTime.WebhookHeaderName);
        writer.WriteString("webhook_key", Mask);
        writer.WriteEndObject();

        var endpoints = configuration.Endpoints;
        writer.WriteStartObject("endpoints");
        writer.WriteString("sts", endpoints.Sts.ToString());
        writer.WriteString("regional_sts", endpoints.RegionalSts.ToString());
        writer.WriteString("iam", endpoints.Iam.ToString());
        writer.WriteString("s3_access_point", endpoints.S3AccessPoint.ToString());
        writer.WriteString("organizations", endpoints.Organizations.ToString());
        writer.WriteEndObject();

        writer.WriteEndObject();
    }
}
