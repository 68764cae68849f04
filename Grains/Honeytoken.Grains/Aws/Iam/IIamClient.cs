namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// The IAM operations that the service uses. Every method throws <see cref="IamException"/> with
/// the IAM error code when IAM rejects the call, after the client's retries of throttling errors.
/// </summary>
public interface IIamClient : IDisposable
{
    /// <summary>
    /// Creates a user with an optional path and tags. After a retried transient failure IAM may
    /// return EntityAlreadyExists for a user that the first attempt created.
    /// </summary>
    Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken);

    /// <summary>Gets a user by name.</summary>
    Task<GetUserResponse> GetUserAsync(GetUserRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page of users. Pass <see cref="ListUsersResponse.Marker"/> to get the next.</summary>
    Task<ListUsersResponse> ListUsersAsync(ListUsersRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a user that has no access keys left.</summary>
    Task<DeleteUserResponse> DeleteUserAsync(DeleteUserRequest request, CancellationToken cancellationToken);

    /// <summary>Adds tags to a user.</summary>
    Task<TagUserResponse> TagUserAsync(TagUserRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an access key. The response contains its secret, which IAM never returns again.
    /// </summary>
    /// <remarks>
    /// NOTE: CreateAccessKey is not idempotent. When a 5xx or a timeout is retried after IAM
    /// created the key, the user ends up with a key whose secret never reached the caller, so callers
    /// reconcile with <see cref="ListAccessKeysAsync"/> and delete keys they did not record.
    /// </remarks>
    Task<CreateAccessKeyResponse> CreateAccessKeyAsync(CreateAccessKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page of a user's access keys.</summary>
    Task<ListAccessKeysResponse> ListAccessKeysAsync(ListAccessKeysRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes an access key.</summary>
    Task<DeleteAccessKeyResponse> DeleteAccessKeyAsync(DeleteAccessKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Activates or deactivates an access key.</summary>
    Task<UpdateAccessKeyResponse> UpdateAccessKeyAsync(UpdateAccessKeyRequest request, CancellationToken cancellationToken);

    /// <summary>Gets when, where and with which service an access key was last used.</summary>
    Task<GetAccessKeyLastUsedResponse> GetAccessKeyLastUsedAsync(GetAccessKeyLastUsedRequest request, CancellationToken cancellationToken);

    /// <summary>Gets the account's IAM usage and quotas.</summary>
    Task<GetAccountSummaryResponse> GetAccountSummaryAsync(GetAccountSummaryRequest request, CancellationToken cancellationToken);

    /// <summary>Starts generating the credential report, or reports the state of the generation.</summary>
    Task<GenerateCredentialReportResponse> GenerateCredentialReportAsync(GenerateCredentialReportRequest request, CancellationToken cancellationToken);

    /// <summary>Gets the last generated credential report.</summary>
    Task<GetCredentialReportResponse> GetCredentialReportAsync(GetCredentialReportRequest request, CancellationToken cancellationToken);
}
