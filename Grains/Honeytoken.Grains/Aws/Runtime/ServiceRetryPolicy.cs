using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Honeytoken.Grains.Aws.Runtime;

/// <summary>
/// The SDK's standard retry policy, taught the service's own throttling and terminal errors, with a
/// backoff of <see cref="AwsRetryOptions"/> on <see cref="TimeProvider"/> and a log line per retry.
/// </summary>
/// <remarks>
/// The SDK's retry quota stays in force for errors other than throttling. In AWSSDK.Core 4.1 it
/// is a bucket of 500 tokens per endpoint URL, a retry takes 5, and a call that then succeeds
/// gives back only the cost of one retry. A long run of server errors therefore stops retrying
/// inside the client and surfaces the error to the caller. Throttling retries take nothing from
/// the quota: keys provisioned in parallel against a throttled account drained it within seconds,
/// after which every throttled call failed at once and stalled provisioning. Throttling still
/// backs off, and stops after <see cref="AwsRetryOptions.MaxAttempts"/>.
/// </remarks>
internal sealed class ServiceRetryPolicy : StandardRetryPolicy
{
    private const string LastErrorKey = "Honeytoken.Aws.LastError";

    private readonly AwsServiceClientConfig _config;
    private readonly Func<Exception, RetryClassification> _classify;

    public ServiceRetryPolicy(AwsServiceClientConfig config, Func<Exception, RetryClassification> classify)
        : base(config)
    {
        _config = config;
        _classify = classify;
        MaxBackoffInMilliseconds = (int)Math.Min(int.MaxValue, config.Retry.MaxDelay.TotalMilliseconds);
    }

    public override bool RetryForException(IExecutionContext executionContext, Exception exception) =>
        _classify(exception) switch
        {
            RetryClassification.Terminal => false,
            RetryClassification.Throttling => true,
            _ => base.RetryForException(executionContext, exception),
        };

    public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
        Task.FromResult(RetryForException(executionContext, exception));

    public override bool IsThrottlingError(Exception exception) =>
        _classify(exception) switch
        {
            RetryClassification.Terminal => false,
            RetryClassification.Throttling => true,
            _ => base.IsThrottlingError(exception),
        };

    /// <summary>Lets throttling retries bypass the retry quota; see the remarks of the class.</summary>
    public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError) =>
        base.OnRetry(executionContext, bypassAcquireCapacity || isThrottlingError, isThrottlingError);

    public override void NotifyError(IExecutionContext executionContext, Exception exception)
    {
        // The wait step does not receive the exception, so it is kept for the retry log line.
        executionContext.RequestContext.ContextAttributes[LastErrorKey] = exception;
        base.NotifyError(executionContext, exception);
    }

    public override void WaitBeforeRetry(IExecutionContext executionContext) =>
        Thread.Sleep(NextDelay(executionContext));

    public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) =>
        Task.Delay(NextDelay(executionContext), _config.TimeProvider, executionContext.RequestContext.CancellationToken);

    /// <summary>
    /// Computes the full-jitter exponential backoff: a uniform draw between zero and
    /// <paramref name="baseDelay"/> × 2^(retry − 1), capped at <paramref name="maxDelay"/>.
    /// </summary>
    /// <param name="retry">Number of the retry, 1 for the first.</param>
    /// <param name="baseDelay">Backoff bound of the first retry.</param>
    /// <param name="maxDelay">Upper bound of any delay.</param>
    /// <param name="jitter">Uniform draw in [0, 1).</param>
    internal static TimeSpan ComputeBackoff(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        double exponent = Math.Min(Math.Max(retry - 1, 0), 30);
        double boundMs = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(boundMs * jitter);
    }

    private TimeSpan NextDelay(IExecutionContext executionContext)
    {
        IRequestContext requestContext = executionContext.RequestContext;
        TimeSpan delay = ComputeBackoff(requestContext.Retries, _config.Retry.BaseDelay, _config.Retry.MaxDelay, Random.Shared.NextDouble());

        requestContext.ContextAttributes.TryGetValue(LastErrorKey, out object? lastError);
        string errorCode = lastError switch
        {
            AmazonServiceException serviceException => serviceException.ErrorCode ?? $"HTTP {(int)serviceException.StatusCode}",
            Exception exception => exception.GetType().Name,
            _ => "unknown",
        };

        AwsLog.RetryingCall(
            _config.Logger,
            _config.ServiceId,
            requestContext.RequestName,
            requestContext.Retries + 1,
            _config.Retry.MaxAttempts,
            errorCode,
            delay.TotalMilliseconds);

        return delay;
    }
}
