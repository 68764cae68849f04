using System.Globalization;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Organizations;

/// <summary>
/// AWS Organizations over JSON 1.1: DescribeOrganization, asynchronous CreateAccount with
/// DescribeCreateAccountStatus, and ListAccounts. A request stays <c>IN_PROGRESS</c> for
/// <see cref="AwsEmulatorOptions.CreateAccountDuration"/>; the state is brought up to date
/// whenever it is read, so no timer is needed.
/// </summary>
public sealed class OrganizationsApi(EmulatorState state, FaultInjector faults, AwsEmulatorOptions options, TimeProvider timeProvider) : JsonApi
{
    private const int MaxResultsLimit = 20;

    public override string SigningName => "organizations";

    public override string EventSource => "organizations.amazonaws.com";

    public override string TargetPrefix => "AWSOrganizationsV20161128";

    // Organizations is a global service recorded in us-east-1.
    public override string RecordRegion(string scopeRegion) => "us-east-1";

    public override bool IsReadOnly(string action) =>
        action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal);

    public override Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken)
    {
        AwsResult result;
        lock (state.Gate)
        {
            var organization = state.Organization;
            if (organization is null || !organization.AccountIds.Contains(call.Caller.AccountId))
            {
                throw new AwsServiceException("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
            }

            CompleteDueRequests(organization);
            result = call.Action switch
            {
                "DescribeOrganization" => DescribeOrganization(organization),
                "CreateAccount" => CreateAccount(call, organization),
                "DescribeCreateAccountStatus" => DescribeCreateAccountStatus(call, organization),
                "ListAccounts" => ListAccounts(call, organization),
                _ => throw new AwsServiceException("UnknownOperationException", $"Operation {call.Action} is not supported by this emulator."),
            };
        }

        return Task.FromResult(result);
    }

    private static AwsResult DescribeOrganization(OrganizationState organization) => Ok(new JsonObject
    {
        ["Organization"] = new JsonObject
        {
            ["Id"] = organization.Id,
            ["Arn"] = organization.Arn,
            ["FeatureSet"] = "ALL",
            ["MasterAccountArn"] = AccountArn(organization, organization.ManagementAccountId),
            ["MasterAccountId"] = organization.ManagementAccountId,
            ["MasterAccountEmail"] = organization.ManagementAccountEmail,
            ["AvailablePolicyTypes"] = new JsonArray(),
        },
    });

    private AwsResult CreateAccount(AwsCall call, OrganizationState organization)
    {
        if (call.Caller.AccountId != organization.ManagementAccountId)
        {
            throw new AwsServiceException("AccessDeniedException", "You don't have permissions to access this resource.");
        }

        var name = RequiredString(call, "AccountName");
        var email = RequiredString(call, "Email");
        var roleName = call.Json?["RoleName"]?.GetValue<string>() ?? EmulatorSeed.LocalMemberRoleName;

        var open = organization.CreateAccountRequests.Values.Count(r => !r.Completed);
        if (organization.AccountIds.Count + open >= organization.AccountLimit)
        {
            throw new AwsServiceException("ConstraintViolationException", "You have exceeded the allowed number of AWS accounts.")
            {
                Reason = "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
            };
        }

        var now = timeProvider.GetUtcNow();
        var emailTaken = state.Accounts.Values.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase))
            || organization.CreateAccountRequests.Values.Any(r => !r.Completed && string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));
        var request = new CreateAccountRequestState
        {
            Id = "car-" + AwsIds.LowerAlphanumeric(32),
            AccountName = name,
            Email = email,
            RoleName = roleName,
            RequestedAt = now,
            CompletesAt = now + options.CreateAccountDuration,
            AccountId = AwsIds.AccountId(),
            FailureReason = emailTaken ? "EMAIL_ALREADY_EXISTS" : faults.TakeCreateAccountFailure(),
        };
        organization.CreateAccountRequests[request.Id] = request;

        var status = StatusOf(request);
        return Ok(new JsonObject { ["CreateAccountStatus"] = status }, new JsonObject { ["createAccountStatus"] = new JsonObject { ["id"] = request.Id, ["state"] = "IN_PROGRESS" } });
    }

    private static AwsResult DescribeCreateAccountStatus(AwsCall call, OrganizationState organization)
    {
        var id = RequiredString(call, "CreateAccountRequestId");
        if (!organization.CreateAccountRequests.TryGetValue(id, out var request))
        {
            throw new AwsServiceException("CreateAccountStatusNotFoundException", "We can't find a create account request with the CreateAccountRequestId that you specified.");
        }

        return Ok(new JsonObject { ["CreateAccountStatus"] = StatusOf(request) });
    }

    private AwsResult ListAccounts(AwsCall call, OrganizationState organization)
    {
        var maxResults = call.Json?["MaxResults"]?.GetValue<int>() ?? MaxResultsLimit;
        if (maxResults is < 1 or > MaxResultsLimit)
        {
            throw new AwsServiceException("InvalidInputException", $"You provided a value that does not match the required pattern: MaxResults must be between 1 and {MaxResultsLimit}.")
            {
                Reason = maxResults < 1 ? "MIN_VALUE_EXCEEDED" : "MAX_VALUE_EXCEEDED",
            };
        }

        var start = 0;
        if (call.Json?["NextToken"]?.GetValue<string>() is { } token
            && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new AwsServiceException("InvalidInputException", "The NextToken is invalid.") { Reason = "INVALID_NEXT_TOKEN" };
        }

        var page = organization.AccountIds.Skip(start).Take(maxResults).ToList();
        var body = new JsonObject
        {
            ["Accounts"] = new JsonArray(page.Select(id => (JsonNode)AccountJson(organization, state.Accounts[id])).ToArray()),
        };
        if (start + page.Count < organization.AccountIds.Count)
        {
            body["NextToken"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return Ok(body);
    }

    private void CompleteDueRequests(OrganizationState organization)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var request in organization.CreateAccountRequests.Values.Where(r => !r.Completed && r.CompletesAt <= now))
        {
            request.Completed = true;
            if (request.FailureReason is not null)
            {
                continue;
            }

            // A new member account comes with a role that the management account may assume.
            var account = new AccountState { Id = request.AccountId, Name = request.AccountName, Email = request.Email, JoinedAt = request.CompletesAt };
            account.Roles[request.RoleName] = new IamRoleState
            {
                RoleName = request.RoleName,
                RoleId = AwsIds.UniqueId("AROA"),
                AccountId = account.Id,
                CreatedAt = request.CompletesAt,
                TrustedAccountIds = [organization.ManagementAccountId],
            };
            state.Accounts[account.Id] = account;
            organization.AccountIds.Add(account.Id);
        }
    }

    private static JsonObject StatusOf(CreateAccountRequestState request)
    {
        var state = "IN_PROGRESS";
        if (request.Completed)
        {
            state = request.FailureReason is null ? "SUCCEEDED" : "FAILED";
        }

        var status = new JsonObject
        {
            ["Id"] = request.Id,
            ["AccountName"] = request.AccountName,
            ["State"] = state,
            ["RequestedTimestamp"] = request.RequestedAt.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (request.Completed)
        {
            status["CompletedTimestamp"] = request.CompletesAt.ToUnixTimeMilliseconds() / 1000.0;
            if (request.FailureReason is null)
            {
                status["AccountId"] = request.AccountId;
            }
            else
            {
                status["FailureReason"] = request.FailureReason;
            }
        }

        return status;
    }

    private static JsonObject AccountJson(OrganizationState organization, AccountState account) => new()
    {
        ["Id"] = account.Id,
        ["Arn"] = AccountArn(organization, account.Id),
        ["Email"] = account.Email,
        ["Name"] = account.Name,
        ["Status"] = "ACTIVE",
        ["JoinedMethod"] = account.Id == organization.ManagementAccountId ? "INVITED" : "CREATED",
        ["JoinedTimestamp"] = account.JoinedAt.ToUnixTimeMilliseconds() / 1000.0,
    };

    private static string AccountArn(OrganizationState organization, string accountId) =>
        $"arn:aws:organizations::{organization.ManagementAccountId}:account/{organization.Id}/{accountId}";

    private static string RequiredString(AwsCall call, string name) =>
        call.Json?[name]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new AwsServiceException("InvalidInputException", $"You provided a value that does not match the required pattern: {name} is required.") { Reason = "INPUT_REQUIRED" };
}
