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

    /// <summary>Starts creating a member account; poll <see cref="DescribeCreateAccountStatusAsync"/> until it completes.</summary>
    Task<CreateAccountResponse> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken);

    /// <summary>Gets the status of an account creation.</summary>
    Task<DescribeCreateAccountStatusResponse> DescribeCreateAccountStatusAsync(DescribeCreateAccountStatusRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page of the organization's accounts; follow <see cref="ListAccountsResponse.NextToken"/> for the next.</summary>
    Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken);
}
