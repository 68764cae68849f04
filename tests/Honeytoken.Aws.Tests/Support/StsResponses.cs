using System.Globalization;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>STS response bodies shaped like the examples of the STS API reference, with the test's own values.</summary>
internal static class StsResponses
{
    public static string AssumeRole(string roleArn, string sessionName, string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expiration)
    {
        string account = roleArn.Split(':')[4];
        string roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        return $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}</Arn>
                  <AssumedRoleId>AROA3XFRBF535PLBIFPI4:{sessionName}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{accessKeyId}</AccessKeyId>
                  <SecretAccessKey>{secretAccessKey}</SecretAccessKey>
                  <SessionToken>{sessionToken}</SessionToken>
                  <Expiration>{expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;
    }

    public static string GetCallerIdentity(string arn, string account) => $"""
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>{arn}</Arn>
            <UserId>AROA3XFRBF535PLBIFPI4:honeytoken-service</UserId>
            <Account>{account}</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """;
}
