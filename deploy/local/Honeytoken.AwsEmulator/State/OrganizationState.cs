namespace Honeytoken.AwsEmulator.State;

/// <summary>The AWS organization and its account creation requests.</summary>
// Populating the dictionaries created here keeps their comparers when the state file is read.
[System.Text.Json.Serialization.JsonObjectCreationHandling(System.Text.Json.Serialization.JsonObjectCreationHandling.Populate)]
public sealed class OrganizationState
{
    /// <summary>Id of the form <c>o-</c> followed by 10 lowercase letters or digits.</summary>
    public required string Id { get; set; }

    public required string ManagementAccountId { get; set; }

    public string ManagementAccountEmail { get; set; } = "";

    /// <summary>Quota on member accounts, the management account included; AWS's default is 10.</summary>
    public int AccountLimit { get; set; } = 10;

    /// <summary>Ids of accounts that belong to the organization, in joining order.</summary>
    public List<string> AccountIds { get; set; } = [];

    /// <summary>CreateAccount requests by their <c>car-</c> id.</summary>
    public Dictionary<string, CreateAccountRequestState> CreateAccountRequests { get; set; } = new(StringComparer.Ordinal);

    public string Arn => $"arn:aws:organizations::{ManagementAccountId}:organization/{Id}";
}

/// <summary>One asynchronous CreateAccount request.</summary>
public sealed class CreateAccountRequestState
{
    public required string Id { get; set; }

    public required string AccountName { get; set; }

    public required string Email { get; set; }

    public required string RoleName { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Time at which the request leaves <c>IN_PROGRESS</c>.</summary>
    public DateTimeOffset CompletesAt { get; set; }

    /// <summary>Account id assigned up front and used once the request succeeds.</summary>
    public required string AccountId { get; set; }

    /// <summary>Reason the request fails at completion, or null when it succeeds.</summary>
    public string? FailureReason { get; set; }

    /// <summary>True once the account exists or the failure is final.</summary>
    public bool Completed { get; set; }
}
