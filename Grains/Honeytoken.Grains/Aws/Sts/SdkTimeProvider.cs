using Amazon.Util.Internal;

namespace Honeytoken.Grains.Aws.Sts;

/// <summary>Adapts <see cref="TimeProvider"/> to the clock interface of the SDK's refreshing credentials.</summary>
internal sealed class SdkTimeProvider(TimeProvider timeProvider) : ITimeProvider
{
    public DateTime CorrectedUtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
