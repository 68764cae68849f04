using System.Globalization;
using System.Text.Json;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Signing;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// Delivers SNS messages to the HTTP subscription of a topic, signed as SNS signs them. A
/// subscription receives a SubscriptionConfirmation first and nothing else until its
/// SubscribeURL is visited.
/// </summary>
public sealed class SnsPublisher(
    EmulatorState state,
    SnsMessageSigner signer,
    EmulatorEndpoint endpoint,
    FaultInjector faults,
    WebhookSender sender,
    TimeProvider timeProvider,
    ILogger<SnsPublisher> logger)
{
    /// <summary>Raised after a subscription is confirmed, with the topic ARN.</summary>
    public event Action<string>? SubscriptionConfirmed;

    /// <summary>Subscribes <paramref name="url"/> to the topic and sends it a SubscriptionConfirmation.</summary>
    public void Subscribe(string topicArn, string url)
    {
        Dictionary<string, string> message;
        lock (state.Gate)
        {
            if (!state.Topics.TryGetValue(topicArn, out var topic))
            {
                throw new InvalidOperationException($"Topic '{topicArn}' does not exist; seed it under 'topics' first.");
            }

            topic.SubscriptionEndpoint = url;
            topic.SubscriptionId = Guid.NewGuid().ToString();
            topic.ConfirmationToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
            topic.Confirmed = false;
            message = Confirmation(topic);
        }

        Send(url, topicArn, null, message, TimeSpan.Zero);
    }

    // Builds the SubscriptionConfirmation of a pending subscription; the caller holds the state lock.
    private Dictionary<string, string> Confirmation(TopicState topic)
    {
        var subscribeUrl = new Uri(endpoint.BaseUri,
            $"_emulator/sns/confirm-subscription?TopicArn={Uri.EscapeDataString(topic.Arn)}&Token={topic.ConfirmationToken}").ToString();
        return new Dictionary<string, string>
        {
            ["Type"] = "SubscriptionConfirmation",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["Token"] = topic.ConfirmationToken!,
            ["TopicArn"] = topic.Arn,
            ["Message"] = $"You have chosen to subscribe to the topic {topic.Arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            ["SubscribeURL"] = subscribeUrl,
            ["Timestamp"] = Timestamp(),
        };
    }

    /// <summary>Confirms the subscription whose token matches. Returns false for an unknown topic or token.</summary>
    public bool Confirm(string topicArn, string token)
    {
        string endpointUrl;
        lock (state.Gate)
        {
            if (!state.Topics.TryGetValue(topicArn, out var topic) || topic.ConfirmationToken is null || topic.ConfirmationToken != token)
            {
                return false;
            }

            if (topic.Confirmed)
            {
                return true;
            }

            topic.Confirmed = true;
            endpointUrl = topic.SubscriptionEndpoint!;
            Log.SubscriptionConfirmed(logger, topic.SubscriptionId!, endpointUrl);
        }

        SubscriptionConfirmed?.Invoke(topicArn);
        return true;
    }

    /// <summary>Removes the subscription named by its ARN. Returns false when no such subscription exists.</summary>
    public bool Unsubscribe(string subscriptionArn)
    {
        lock (state.Gate)
        {
            var topic = state.Topics.Values.FirstOrDefault(t => t.SubscriptionId is not null && $"{t.Arn}:{t.SubscriptionId}" == subscriptionArn);
            if (topic is null)
            {
                return false;
            }

            topic.SubscriptionEndpoint = null;
            topic.SubscriptionId = null;
            topic.ConfirmationToken = null;
            topic.Confirmed = false;
            return true;
        }
    }

    /// <summary>
    /// Publishes a Notification. Only a confirmed subscription receives it; a pending one
    /// receives its SubscriptionConfirmation again instead.
    /// </summary>
    public void Publish(string topicArn, string subject, string messageBody, TimeSpan delay)
    {
        string url;
        string subscriptionArn;
        Dictionary<string, string>? pendingConfirmation = null;
        lock (state.Gate)
        {
            if (!state.Topics.TryGetValue(topicArn, out var topic) || topic.SubscriptionEndpoint is null)
            {
                return;
            }

            // NOTE: SNS sends a SubscriptionConfirmation once. The emulator sends it again with
            // each message that an unconfirmed subscription misses, so that a webhook started
            // after the emulator can still confirm and receive later messages.
            if (!topic.Confirmed)
            {
                pendingConfirmation = Confirmation(topic);
            }

            url = topic.SubscriptionEndpoint;
            subscriptionArn = $"{topicArn}:{topic.SubscriptionId}";
        }

        if (pendingConfirmation is not null)
        {
            Send(url, topicArn, null, pendingConfirmation, TimeSpan.Zero);
            return;
        }

        var message = new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = topicArn,
            ["Subject"] = subject,
            ["Message"] = messageBody,
            ["Timestamp"] = Timestamp(),
        };

        if (FaultInjector.Chance(faults.Settings.DroppedSnsNotificationRate))
        {
            Log.SnsDropped(logger, message["MessageId"]);
            return;
        }

        Send(url, topicArn, subscriptionArn, message, delay + TimeSpan.FromMilliseconds(faults.Settings.DeliveryDelayMilliseconds));
        if (FaultInjector.Chance(faults.Settings.DuplicateDeliveryRate))
        {
            Send(url, topicArn, subscriptionArn, message, TimeSpan.Zero);
        }
    }

    private void Send(string url, string topicArn, string? subscriptionArn, Dictionary<string, string> message, TimeSpan delay)
    {
        string signatureVersion;
        lock (state.Gate)
        {
            signatureVersion = state.Deliveries.SnsSignatureVersion;
        }

        var body = new Dictionary<string, string>(message)
        {
            ["SignatureVersion"] = signatureVersion,
            ["Signature"] = signer.Sign(message, signatureVersion),
            ["SigningCertURL"] = endpoint.SigningCertUrl,
        };
        if (subscriptionArn is not null)
        {
            body["UnsubscribeURL"] = new Uri(endpoint.BaseUri, $"_emulator/sns/unsubscribe?SubscriptionArn={Uri.EscapeDataString(subscriptionArn)}").ToString();
        }

        var headers = new Dictionary<string, string>
        {
            ["x-amz-sns-message-type"] = message["Type"],
            ["x-amz-sns-message-id"] = message["MessageId"],
            ["x-amz-sns-topic-arn"] = topicArn,
            ["User-Agent"] = "Amazon Simple Notification Service Agent",
        };
        if (subscriptionArn is not null)
        {
            headers["x-amz-sns-subscription-arn"] = subscriptionArn;
        }

        sender.Enqueue(new WebhookDelivery($"SNS {message["Type"]}", url, "text/plain; charset=UTF-8", JsonSerializer.Serialize(body, AwsJson.Options), headers, delay));
    }

    // SNS timestamps carry milliseconds, for example 2020-11-01T22:54:32.259Z.
    private string Timestamp() =>
        timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
