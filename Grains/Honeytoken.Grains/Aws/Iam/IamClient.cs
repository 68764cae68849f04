using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Honeytoken.Grains.Aws.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// IAM client on the AWS SDK's service client pipeline. The SDK signs with SigV4, resolves the
/// credentials, sends and retries. This class adds the query protocol marshalling of the
/// operations the service uses and IAM's retry rules: Throttling is retried, LimitExceeded is terminal.
/// </summary>
public sealed class IamClient : AmazonServiceClient, IIamClient
{
    /// <summary>Creates a client that signs with <paramref name="credentials"/>.</summary>
    public IamClient(AWSCredentials credentials, IamClientConfig config)
        : base(credentials ?? throw new ArgumentNullException(nameof(credentials)), config)
    {
    }

    /// <summary>Classifies IAM errors for the retry policy.</summary>
    public static RetryClassification ClassifyError(Exception exception) =>
        (exception as AmazonServiceException)?.ErrorCode switch
        {
            IamErrorCode.LimitExceeded => RetryClassification.Terminal,
            IamErrorCode.Throttling => RetryClassification.Throttling,
            _ => RetryClassification.Default,
        };

    /// <inheritdoc />
    public Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, CreateUserResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<GetUserResponse> GetUserAsync(GetUserRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, GetUserResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<ListUsersResponse> ListUsersAsync(ListUsersRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, ListUsersResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<DeleteUserResponse> DeleteUserAsync(DeleteUserRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, DeleteUserResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<TagUserResponse> TagUserAsync(TagUserRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, TagUserResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<CreateAccessKeyResponse> CreateAccessKeyAsync(CreateAccessKeyRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, CreateAccessKeyResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<ListAccessKeysResponse> ListAccessKeysAsync(ListAccessKeysRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, ListAccessKeysResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<DeleteAccessKeyResponse> DeleteAccessKeyAsync(DeleteAccessKeyRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, DeleteAccessKeyResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<UpdateAccessKeyResponse> UpdateAccessKeyAsync(UpdateAccessKeyRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, UpdateAccessKeyResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<GetAccessKeyLastUsedResponse> GetAccessKeyLastUsedAsync(GetAccessKeyLastUsedRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, GetAccessKeyLastUsedResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<GetAccountSummaryResponse> GetAccountSummaryAsync(GetAccountSummaryRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, GetAccountSummaryResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<GenerateCredentialReportResponse> GenerateCredentialReportAsync(GenerateCredentialReportRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, GenerateCredentialReportResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<GetCredentialReportResponse> GetCredentialReportAsync(GetCredentialReportRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, GetCredentialReportResponse.Read, cancellationToken);

    /// <inheritdoc />
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        // The base constructor calls this before the derived constructor body runs, so every
        // setting comes from the configuration object, never from fields of this class.
        var config = (IamClientConfig)Config;
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ServiceRetryPolicy(config, ClassifyError)));
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
    }

    private Task<TResponse> SendAsync<TResponse>(IamRequest request, Func<XElement?, TResponse> readResult, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        ArgumentNullException.ThrowIfNull(request);

        var options = new InvokeOptions
        {
            RequestMarshaller = IamRequestMarshaller.Instance,
            ResponseUnmarshaller = new IamResponseUnmarshaller<TResponse>(request.Action, readResult),
        };
        return InvokeAsync<TResponse>(request, options, cancellationToken);
    }
}
