using System.Text.Json;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>States of an asynchronous account creation.</summary>
public static class CreateAccountState
{
    /// <summary>The account is being created. Poll DescribeCreateAccountStatus.</summary>
    public const string InProgress = "IN_PROGRESS";

    /// <summary>The account exists with the id in <see cref="CreateAccountStatus.AccountId"/>.</summary>
    public const string Succeeded = "SUCCEEDED";

    /// <summary>The creation failed for the reason in <see cref="CreateAccountStatus.FailureReason"/>.</summary>
    public const string Failed = "FAILED";
}

/// <summary>Status of a CreateAccount request.</summary>
public sealed record CreateAccountStatus
{
    /// <summary>Request id, such as car-examplecreateaccountrequestid111, for DescribeCreateAccountStatus.</summary>
    public required string Id { get; init; }

    /// <summary>Name of the account.</summary>
    public string? AccountName { get; init; }

    /// <summary>One of <see cref="CreateAccountState"/>.</summary>
    public required string State { get; init; }

    /// <summary>Time of the request.</summary>
    public DateTimeOffset? RequestedTimestamp { get; init; }

    /// <summary>Time the creation completed, when it did.</summary>
    public DateTimeOffset? CompletedTimestamp { get; init; }

    /// <summary>Id of the new account once the state is SUCCEEDED.</summary>
    public string? AccountId { get; init; }

    /// <summary>Reason of a FAILED state, such as ACCOUNT_LIMIT_EXCEEDED or EMAIL_ALREADY_EXISTS.</summary>
    public string? FailureReason { get; init; }

    internal static CreateAccountStatus Read(JsonElement status) => new()
    {
        Id = status.RequiredText("Id"),
        AccountName = status.Text("AccountName"),
        State = status.RequiredText("State"),
        RequestedTimestamp = status.Timestamp("RequestedTimestamp"),
        CompletedTimestamp = status.Timestamp("CompletedTimestamp"),
        AccountId = status.Text("AccountId"),
        FailureReason = status.Text("FailureReason"),
    };
}

/// <summary>A member or management account of the organization.</summary>
public sealed record OrganizationAccount
{
    /// <summary>Twelve-digit account id.</summary>
    public required string Id { get; init; }

    /// <summary>ARN of the account in the organization.</summary>
    public string? Arn { get; init; }

    /// <summary>E-mail address of the account.</summary>
    public string? Email { get; init; }

    /// <summary>Name of the account.</summary>
    public string? Name { get; init; }

    /// <summary>ACTIVE, SUSPENDED or PENDING_CLOSURE.</summary>
    public string? Status { get; init; }

    /// <summary>INVITED or CREATED.</summary>
    public string? JoinedMethod { get; init; }

    /// <summary>Time the account joined the organization.</summary>
    public DateTimeOffset? JoinedTimestamp { get; init; }

    internal static OrganizationAccount Read(JsonElement account) => new()
    {
        Id = account.RequiredText("Id"),
        Arn = account.Text("Arn"),
        Email = account.Text("Email"),
        Name = account.Text("Name"),
        Status = account.Text("Status"),
        JoinedMethod = account.Text("JoinedMethod"),
        JoinedTimestamp = account.Timestamp("JoinedTimestamp"),
    };
}

/// <summary>A tag of an account.</summary>
public sealed record OrganizationsTag(string Key, string Value);

/// <summary>Request of CreateAccount, which starts an asynchronous account creation.</summary>
public sealed class CreateAccountRequest : OrganizationsRequest
{
    /// <summary>E-mail address of the new account, unique across AWS.</summary>
    public required string Email { get; init; }

    /// <summary>Name of the new account.</summary>
    public required string AccountName { get; init; }

    /// <summary>Role that Organizations creates in the account for the management account, or null for OrganizationAccountAccessRole.</summary>
    public string? RoleName { get; init; }

    /// <summary>ALLOW or DENY IAM user access to billing, or null for the default (ALLOW).</summary>
    public string? IamUserAccessToBilling { get; init; }

    /// <summary>Tags to attach to the account.</summary>
    public IReadOnlyList<OrganizationsTag> Tags { get; init; } = [];

    internal override string Operation => "CreateAccount";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("Email", Email);
        writer.WriteString("AccountName", AccountName);
        if (RoleName is not null)
        {
            writer.WriteString("RoleName", RoleName);
        }

        if (IamUserAccessToBilling is not null)
        {
            writer.WriteString("IamUserAccessToBilling", IamUserAccessToBilling);
        }

        if (Tags.Count > 0)
        {
            writer.WriteStartArray("Tags");
            foreach (OrganizationsTag tag in Tags)
            {
                writer.WriteStartObject();
                writer.WriteString("Key", tag.Key);
                writer.WriteString("Value", tag.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }
}

/// <summary>Response of CreateAccount.</summary>
public sealed class CreateAccountResponse : AmazonWebServiceResponse
{
    /// <summary>Status of the creation, usually IN_PROGRESS.</summary>
    public CreateAccountStatus CreateAccountStatus { get; init; } = null!;

    internal static CreateAccountResponse Read(JsonElement body) =>
        new() { CreateAccountStatus = CreateAccountStatus.Read(body.RequiredObject("CreateAccountStatus")) };
}

/// <summary>Request of DescribeCreateAccountStatus.</summary>
public sealed class DescribeCreateAccountStatusRequest : OrganizationsRequest
{
    /// <summary>Id from <see cref="CreateAccountStatus.Id"/>.</summary>
    public required string CreateAccountRequestId { get; init; }

    internal override string Operation => "DescribeCreateAccountStatus";

    internal override void WriteMembers(Utf8JsonWriter writer) =>
        writer.WriteString("CreateAccountRequestId", CreateAccountRequestId);
}

/// <summary>Response of DescribeCreateAccountStatus.</summary>
public sealed class DescribeCreateAccountStatusResponse : AmazonWebServiceResponse
{
    /// <summary>Current status of the creation.</summary>
    public CreateAccountStatus CreateAccountStatus { get; init; } = null!;

    internal static DescribeCreateAccountStatusResponse Read(JsonElement body) =>
        new() { CreateAccountStatus = CreateAccountStatus.Read(body.RequiredObject("CreateAccountStatus")) };
}

/// <summary>Request of ListAccounts, one page of the organization's accounts.</summary>
public sealed class ListAccountsRequest : OrganizationsRequest
{
    /// <summary>Token of the previous page's response, or null for the first page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Maximum number of accounts on the page (Organizations accepts 1 to 20).</summary>
    public int? MaxResults { get; init; }

    internal override string Operation => "ListAccounts";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        if (NextToken is not null)
        {
            writer.WriteString("NextToken", NextToken);
        }

        if (MaxResults is not null)
        {
            writer.WriteNumber("MaxResults", MaxResults.Value);
        }
    }
}

/// <summary>Response of ListAccounts.</summary>
public sealed class ListAccountsResponse : AmazonWebServiceResponse
{
    /// <summary>Accounts of this page.</summary>
    public IReadOnlyList<OrganizationAccount> Accounts { get; init; } = [];

    /// <summary>Token of the next page, or null on the last page.</summary>
    public string? NextToken { get; init; }

    internal static ListAccountsResponse Read(JsonElement body) => new()
    {
        Accounts = body.Member("Accounts") is { ValueKind: JsonValueKind.Array } accounts
            ? accounts.EnumerateArray().Select(OrganizationAccount.Read).ToList()
            : [],
        NextToken = body.Text("NextToken"),
    };
}
