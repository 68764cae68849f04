using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Honeytoken.Grains.Aws.Runtime;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// Organizations client on the AWS SDK's service client pipeline. The SDK signs with SigV4,
/// resolves the credentials, sends and retries. This class adds the JSON 1.1 marshalling of the
/// operations the service uses and Organizations' retry rules: TooManyRequestsException and
/// ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED are retried, and other constraint violations are terminal.
/// </summary>
public sealed class OrganizationsClient : AmazonServiceClient, IOrganizationsClient
{
    /// <summary>Creates a client that signs with <paramref name="credentials"/>.</summary>
    public OrganizationsClient(AWSCredentials credentials, OrganizationsClientConfig config)
        : base(credentials ?? throw new ArgumentNullException(nameof(credentials)), config)
    {
    }

    /// <summary>Classifies Organizations errors for the retry policy.</summary>
    public static RetryClassification ClassifyError(Exception exception) => exception switch
    {
        OrganizationsException { IsThrottling: true } => RetryClassification.Throttling,
        OrganizationsException { ErrorCode: OrganizationsErrorCode.ConstraintViolation } => RetryClassification.Terminal,
        _ => RetryClassification.Default,
    };

    /// <inheritdoc />
    public Task<DescribeOrganizationResponse> DescribeOrganizationAsync(DescribeOrganizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, DescribeOrganizationResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<CreateAccountResponse> CreateAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, CreateAccountResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeCreateAccountStatusResponse> DescribeCreateAccountStatusAsync(DescribeCreateAccountStatusRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, DescribeCreateAccountStatusResponse.Read, cancellationToken);

    /// <inheritdoc />
    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, ListAccountsResponse.Read, cancellationToken);

    /// <inheritdoc />
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        // The base constructor calls this before the derived constructor body runs, so every
        // setting comes from the configuration object, never from fields of this class.
        var config = (OrganizationsClientConfig)Config;
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ServiceRetryPolicy(config, ClassifyError)));
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
    }

    private Task<TResponse> SendAsync<TResponse>(OrganizationsRequest request, Func<JsonElement, TResponse> readResult, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        ArgumentNullException.ThrowIfNull(request);

        var options = new InvokeOptions
        {
            RequestMarshaller = OrganizationsRequestMarshaller.Instance,
            ResponseUnmarshaller = new OrganizationsResponseUnmarshaller<TResponse>(readResult),
        };
        return InvokeAsync<TResponse>(request, options, cancellationToken);
    }
}
