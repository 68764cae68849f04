using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Honeytoken.Api.Hosting;

/// <summary>
/// Registers the Orleans client that connects the Api to the silos through the PostgreSQL
/// membership table.
/// </summary>
public static class OrleansClientExtensions
{
    /// <summary>How long the client waits between attempts to reach a gateway at start.</summary>
    private static readonly TimeSpan ConnectionRetryDelay = TimeSpan.FromSeconds(2);

    public static WebApplicationBuilder AddHoneytokenCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<HoneytokenClusterOptions>, HoneytokenClusterOptionsValidator>();
        builder.Services.AddOptions<HoneytokenClusterOptions>()
            .Bind(builder.Configuration.GetSection(HoneytokenClusterOptions.SectionName))
            .Configure(options => options.ConnectionString = builder.Configuration.GetConnectionString("Honeytoken") ?? "")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                var section = builder.Configuration.GetSection(HoneytokenClusterOptions.SectionName);
                cluster.ClusterId = section["ClusterId"] ?? "honeytoken";
                cluster.ServiceId = section["ServiceId"] ?? "honeytoken";
            });

            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = builder.Configuration.GetConnectionString("Honeytoken");
            });

            // Carries the trace of a webhook request into the grain calls it makes.
            client.AddActivityPropagation();

            // The Api may start before any silo; keep trying instead of failing the process,
            // and let /readyz report the cluster as unreachable meanwhile.
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(ConnectionRetryDelay, cancellationToken);
                return true;
            });
        });

        return builder;
    }
}
