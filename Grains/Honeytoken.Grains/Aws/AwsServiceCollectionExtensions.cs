using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Aws;

/// <summary>Registers the AWS client factory and its validated options.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AwsClientFactory"/>, binding <see cref="AwsEndpointOptions"/> from
    /// <c>Aws:Endpoints</c> and <see cref="AwsRetryOptions"/> from <c>Aws:Retry</c>. Invalid settings
    /// fail the host at start with errors that name the setting.
    /// </summary>
    public static IServiceCollection AddHoneytokenAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AwsEndpointOptions>()
            .Bind(configuration.GetSection(AwsEndpointOptions.SectionName))
            .ValidateOnStart();
        services.AddOptions<AwsRetryOptions>()
            .Bind(configuration.GetSection(AwsRetryOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsEndpointOptions>, AwsEndpointOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsRetryOptions>, AwsRetryOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AwsClientFactory>();
        return services;
    }
}
