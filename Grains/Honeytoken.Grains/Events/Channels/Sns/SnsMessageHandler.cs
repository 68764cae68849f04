using Honeytoken.Grains.Events.Channels.LogFiles;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Events.Channels.Sns;

/// <summary>
/// Handles one SNS delivery on the log topic: parse, verify, drop replays, then confirm a
/// subscription, record an unsubscribe, or hand each announced log file to its grain.
/// </summary>
/// <remarks>
/// A MessageId is recorded as handled only after its work is done, so a delivery that failed
/// half-way is handled again when SNS retries it. Replays of a handled message do nothing.
/// </remarks>
public sealed class SnsMessageHandler(
    IGrainFactory grainFactory,
    TenantConfigurationCache configurations,
    IngestionStore store,
    SnsHttpClient http,
    SnsCertificateCache certificates,
    IOptions<SnsVerificationOptions> verificationOptions,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SnsMessageHandler>();

    /// <summary>Handles the raw body of one delivery.</summary>
    public async Task<IngestionResult> HandleAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);

        if (!SnsMessageParser.TryParse(body, out var message, out var parseError))
        {
            IngestionLog.SnsInvalid(_logger, parseError ?? "unreadable body");
            return new IngestionResult(IngestionStatus.Invalid, parseError ?? "The body is not an SNS message.");
        }

        var configuration = await configurations.GetAsync();
        if (configuration is null)
        {
            return new IngestionResult(IngestionStatus.NotConfigured, "No configuration is uploaded, so no SNS topic is accepted yet.");
        }

        var options = VerificationOptionsFor(configuration.Logs.SnsTopicArn);
        var verifier = new SnsMessageVerifier(options, certificates, timeProvider, loggerFactory.CreateLogger<SnsMessageVerifier>());
        var verification = await verifier.VerifyAsync(message!, cancellationToken);
        if (!verification.IsVerified)
        {
            return new IngestionResult(IngestionStatus.Rejected, $"The SNS message was rejected: {verification.Reason}.");
        }

        var messageId = message!.MessageId!;
        if (await store.IsMessageHandledAsync(messageId, cancellationToken))
        {
            IngestionLog.SnsReplay(_logger, messageId);
            return new IngestionResult(IngestionStatus.Ignored, "The message was handled already.");
        }

        var result = message.Type switch
        {
            SnsMessageType.SubscriptionConfirmation => await ConfirmAsync(message, options, cancellationToken),
            SnsMessageType.UnsubscribeConfirmation => await RecordUnsubscribeAsync(message, cancellationToken),
            _ => await EnqueueLogFilesAsync(message, configuration, cancellationToken),
        };

        await store.MarkMessageHandledAsync(messageId, message.TypeName!, message.TopicArn!, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    private SnsVerificationOptions VerificationOptionsFor(string topicArn)
    {
        var configured = verificationOptions.Value;
        var options = new SnsVerificationOptions
        {
            TopicArn = topicArn,
            MaxMessageAge = configured.MaxMessageAge,
            AllowAwsSnsHosts = configured.AllowAwsSnsHosts,
            AllowHttpForAllowedHosts = configured.AllowHttpForAllowedHosts,
        };
        foreach (var host in configured.AllowedCertificateHosts)
        {
            options.AllowedCertificateHosts.Add(host);
        }

        return options;
    }

    private async Task<IngestionResult> ConfirmAsync(SnsMessage message, SnsVerificationOptions options, CancellationToken cancellationToken)
    {
        var topicArn = message.TopicArn!;

        // The verifier checked the topic and the signature; the SubscribeURL gets the same host
        // check as certificate URLs before any request is made.
        if (!new SnsUrlPolicy(options).IsAllowed(message.SubscribeUrl, out var reason))
        {
            IngestionLog.SubscribeUrlNotAllowed(_logger, topicArn, reason);
            await store.AddSubscriptionEventAsync(topicArn, "confirmation_failed", reason, timeProvider.GetUtcNow(), cancellationToken);
            return new IngestionResult(IngestionStatus.Rejected, "The SubscribeURL is not on an allowed SNS host.");
        }

        try
        {
            await http.ConfirmSubscriptionAsync(new Uri(message.SubscribeUrl!), cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            // Not recorded as handled: SNS resends the confirmation, and each one is tried again.
            IngestionLog.SubscriptionConfirmationFailed(_logger, topicArn, exception);
            await store.AddSubscriptionEventAsync(topicArn, "confirmation_failed", exception.Message, timeProvider.GetUtcNow(), cancellationToken);
            throw;
        }

        IngestionLog.SubscriptionConfirmed(_logger, topicArn);
        await store.AddSubscriptionEventAsync(topicArn, "confirmed", null, timeProvider.GetUtcNow(), cancellationToken);
        return new IngestionResult(IngestionStatus.Accepted, "The subscription is confirmed.");
    }

    private async Task<IngestionResult> RecordUnsubscribeAsync(SnsMessage message, CancellationToken cancellationToken)
    {
        // The SubscribeURL of an unsubscribe confirmation would subscribe again; it is left to
        // the operator, who sees the change on the health page.
        IngestionLog.Unsubscribed(_logger, message.TopicArn!);
        await store.AddSubscriptionEventAsync(message.TopicArn!, "unsubscribed", message.Message, timeProvider.GetUtcNow(), cancellationToken);
        return new IngestionResult(IngestionStatus.Accepted, "The unsubscribe is recorded.");
    }

    private async Task<IngestionResult> EnqueueLogFilesAsync(SnsMessage message, HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        var parser = new LogFileNotificationParser(new LogFileNotificationOptions { ObjectKeyPrefix = configuration.Logs.Prefix });
        var notification = parser.Parse(message.Message);
        if (notification.Kind == LogFileNotificationKind.S3TestEvent)
        {
            IngestionLog.S3TestEvent(_logger, message.TopicArn!);
            return new IngestionResult(IngestionStatus.Ignored, "S3 test event.");
        }

        foreach (var skipped in notification.Skipped)
        {
            IngestionLog.ObjectSkipped(_logger, skipped.Bucket, skipped.Key, skipped.Reason.ToString());
        }

        foreach (var logFile in notification.LogFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await grainFactory.GetGrain<ILogFileGrain>(LogFileKeys.Create(logFile.Bucket, logFile.Key)).EnqueueAsync(EventChannels.LogFile);
        }

        return notification.LogFiles.Count == 0
            ? new IngestionResult(IngestionStatus.Ignored, $"The notification ({notification.Kind}) names no log file to read.")
            : new IngestionResult(IngestionStatus.Accepted, $"{notification.LogFiles.Count} log file(s) enqueued.");
    }
}
