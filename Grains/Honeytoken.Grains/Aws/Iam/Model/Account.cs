using System.Globalization;
using System.Xml.Linq;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>Request of GetAccountSummary, the IAM usage and quotas of the account.</summary>
public sealed class GetAccountSummaryRequest : IamRequest
{
    internal override string Action => "GetAccountSummary";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
    }
}

/// <summary>Response of GetAccountSummary.</summary>
public sealed class GetAccountSummaryResponse : AmazonWebServiceResponse
{
    /// <summary>Key of the number of users in <see cref="SummaryMap"/>.</summary>
    public const string UsersKey = "Users";

    /// <summary>Key of the user quota in <see cref="SummaryMap"/>.</summary>
    public const string UsersQuotaKey = "UsersQuota";

    /// <summary>Key of the access key quota per user in <see cref="SummaryMap"/>.</summary>
    public const string AccessKeysPerUserQuotaKey = "AccessKeysPerUserQuota";

    /// <summary>Usage counts and quotas by IAM's key names, such as Users and UsersQuota.</summary>
    public IReadOnlyDictionary<string, int> SummaryMap { get; init; } = new Dictionary<string, int>();

    internal static GetAccountSummaryResponse Read(XElement? result)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (XElement entry in result.Child("SummaryMap")?.Elements().Where(e => e.Name.LocalName == "entry") ?? [])
        {
            map[entry.RequiredText("key")] = int.Parse(entry.RequiredText("value"), NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        return new GetAccountSummaryResponse { SummaryMap = map };
    }
}

/// <summary>States of a credential report, as GenerateCredentialReport returns them.</summary>
public static class CredentialReportState
{
    /// <summary>Generation has started.</summary>
    public const string Started = "STARTED";

    /// <summary>Generation is in progress.</summary>
    public const string InProgress = "INPROGRESS";

    /// <summary>The report is ready for GetCredentialReport.</summary>
    public const string Complete = "COMPLETE";
}

/// <summary>Request of GenerateCredentialReport.</summary>
public sealed class GenerateCredentialReportRequest : IamRequest
{
    internal override string Action => "GenerateCredentialReport";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
    }
}

/// <summary>Response of GenerateCredentialReport.</summary>
public sealed class GenerateCredentialReportResponse : AmazonWebServiceResponse
{
    /// <summary>State of the report, one of <see cref="CredentialReportState"/>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>IAM's description of the state.</summary>
    public string? Description { get; init; }

    internal static GenerateCredentialReportResponse Read(XElement? result) => new()
    {
        State = result.RequiredText("State"),
        Description = result.Text("Description"),
    };
}

/// <summary>Request of GetCredentialReport.</summary>
public sealed class GetCredentialReportRequest : IamRequest
{
    internal override string Action => "GetCredentialReport";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
    }
}

/// <summary>Response of GetCredentialReport.</summary>
public sealed class GetCredentialReportResponse : AmazonWebServiceResponse
{
    /// <summary>The report decoded from base64, which is CSV when <see cref="ReportFormat"/> is text/csv.</summary>
    public byte[] Content { get; init; } = [];

    /// <summary>Media type of the report, text/csv from IAM.</summary>
    public string? ReportFormat { get; init; }

    /// <summary>Time the report was generated, in UTC.</summary>
    public DateTimeOffset? GeneratedTime { get; init; }

    internal static GetCredentialReportResponse Read(XElement? result) => new()
    {
        Content = Convert.FromBase64String(result.Text("Content") ?? string.Empty),
        ReportFormat = result.Text("ReportFormat"),
        GeneratedTime = result.Timestamp("GeneratedTime"),
    };
}
