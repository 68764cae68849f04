using Honeytoken.Grains.Setup;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Events;

/// <summary>
/// The installation's configuration as the channels need it (topic, access point, prefix),
/// read from the tenant setup grain at most once per <see cref="IngestionOptions.ConfigurationCacheDuration"/>.
/// </summary>
public sealed class TenantConfigurationCache(IGrainFactory grainFactory, IOptions<IngestionOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private HoneytokenConfiguration? _configuration;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <summary>Returns the configuration in force, or null before the first upload.</summary>
    public async Task<HoneytokenConfiguration?> GetAsync()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_configuration is not null && now - _readAt < options.Value.ConfigurationCacheDuration)
            {
                return _configuration;
            }
        }

        var configuration = await grainFactory.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetConfigurationAsync();
        lock (_gate)
        {
            _configuration = configuration;
            _readAt = now;
        }

        return configuration;
    }
}
