using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.S3;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// Applies delivery targets: stores them and subscribes the SNS endpoint to the log topic.
/// Once the subscription is confirmed, every bucket that notifies the topic sends its
/// <c>s3:TestEvent</c>, as S3 does when a notification is set up.
/// </summary>
public sealed class DeliveryConfigurator
{
    private readonly EmulatorState state;
    private readonly SnsPublisher publisher;

    public DeliveryConfigurator(EmulatorState state, SnsPublisher publisher, S3EventNotifier notifier)
    {
        this.state = state;
        this.publisher = publisher;
        publisher.SubscriptionConfirmed += topicArn =>
        {
            List<BucketState> buckets;
            lock (state.Gate)
            {
                buckets = state.Buckets.Values.Where(b => b.NotificationTopicArn == topicArn).ToList();
            }

            foreach (var bucket in buckets)
            {
                notifier.TestEvent(bucket);
            }
        };
    }

    /// <summary>Stores the targets; subscribes the SNS endpoint unless it is already subscribed to that topic.</summary>
    public void Apply(DeliveryTargets targets)
    {
        bool subscribe;
        lock (state.Gate)
        {
            state.Deliveries = targets;
            subscribe = targets.SnsEndpointUrl is not null
                && (!state.Topics.TryGetValue(targets.SnsTopicArn, out var topic) || topic.SubscriptionEndpoint != targets.SnsEndpointUrl || !topic.Confirmed);
        }

        if (subscribe)
        {
            publisher.Subscribe(targets.SnsTopicArn, targets.SnsEndpointUrl!);
        }
    }
}
