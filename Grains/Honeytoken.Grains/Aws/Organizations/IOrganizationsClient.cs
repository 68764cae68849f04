namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// The Organizations operations that the service uses. Every method throws
/// <see cref="OrganizationsException"/> when Organizations rejects the call, after the client's
/// retries of throttling errors.
/// </summary>
public interface IOrganizationsClient : IDisposable
{
    /// <summary>Describes the organization of the calling account.</summary>
    Task<DescribeOrganizationResponse> DescribeOrganizationAsync(DescribeOrganizationRequest request, CancellationToken cancellationToken);

    /// <summary>Starts creating a member account. Poll <see cref="DescribeCreateAccountStatusAsync"/> until it completes.</summary>
    /// <remarks>
    /// NOTE: CreateAccount is not idempotent. When a 5xx or a timeout is retried after
    /// Organizations accepted the first request, the status of the retried request ends FAILED with
    /// EMAIL_ALREADY_EXISTS, so callers find the account by e-mail with <see cref="ListAccountsAsync"/>.
    /// </remarks>
    Task<CreateAccountResponse> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken);

    /// <summary>Gets the status of an account creation.</summary>
    Task<DescribeCreateAccountStatusResponse> DescribeCreateAccountStatusAsync(DescribeCreateAccountStatusRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page of the organization's accounts. Pass <see cref="ListAccountsResponse.NextToken"/> to get the next.</summary>
    Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken);
}
