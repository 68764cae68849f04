using System.Text.Json;
using Honeytoken.AwsEmulator.CloudTrail;
using Honeytoken.AwsEmulator.Control;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Iam;
using Honeytoken.AwsEmulator.Organizations;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.S3;
using Honeytoken.AwsEmulator.Signing;
using Honeytoken.AwsEmulator.State;
using Honeytoken.AwsEmulator.Sts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>Builds the emulator's web application from validated options.</summary>
public static class EmulatorApplication
{
    /// <summary>
    /// Builds the application listening on <paramref name="urls"/>. Throws
    /// <see cref="InvalidOperationException"/> listing every invalid option.
    /// </summary>
    public static WebApplication Build(AwsEmulatorOptions options, string urls, LogLevel minimumLogLevel)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid emulator options: " + string.Join(" ", errors));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(minimumLogLevel);

        // ASP.NET Core logs every request at Information, which would drown the emulator's own log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var state = LoadState(options);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(state);
        services.AddSingleton<StateStore>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<EmulatorEndpoint>();
        services.AddSingleton<SnsMessageSigner>();
        services.AddSingleton<DeliveryStatistics>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        services.AddSingleton<SnsPublisher>();
        services.AddSingleton<S3EventNotifier>();
        services.AddSingleton<S3ObjectStore>();
        services.AddSingleton<DeliveryConfigurator>();
        services.AddSingleton<RealTimeDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<RealTimeDelivery>());
        services.AddSingleton<CloudTrailRecorder>();
        services.AddSingleton<LogFileWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<LogFileWriter>());
        services.AddSingleton<AwsApi, StsApi>();
        services.AddSingleton<AwsApi, IamApi>();
        services.AddSingleton<AwsApi, OrganizationsApi>();
        services.AddSingleton<AwsApi, S3Api>();
        services.AddSingleton<AwsRequestHandler>();
        services.AddHttpClient(nameof(WebhookSender), client => client.Timeout = TimeSpan.FromSeconds(15));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);

        var app = builder.Build();

        // A skewed Date header lets tests reproduce a caller whose clock is off, which SigV4 rejects.
        var faults = app.Services.GetRequiredService<FaultInjector>();
        app.Use(async (context, next) =>
        {
            var skew = faults.Settings.DateSkewSeconds;
            if (skew != 0)
            {
                var time = context.RequestServices.GetRequiredService<TimeProvider>();
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Date = (time.GetUtcNow() + TimeSpan.FromSeconds(skew)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });

        app.MapControlApi();

        // Every request that no control endpoint matched is an AWS call.
        var handler = app.Services.GetRequiredService<AwsRequestHandler>();
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null)
            {
                await next(context);
                return;
            }

            await handler.HandleAsync(context);
        });

        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, state));
        app.Lifetime.ApplicationStopped.Register(() => Log.Stopped(app.Logger));
        return app;
    }

    private static EmulatorState LoadState(AwsEmulatorOptions options)
    {
        var state = StateStore.Load(options.StateFile) ?? new EmulatorState();
        var seed = options.SeedFile is null
            ? EmulatorSeed.CreateLocal()
            : JsonSerializer.Deserialize<EmulatorSeed>(File.ReadAllText(options.SeedFile), StateStore.SerializerOptions)
              ?? throw new InvalidOperationException($"Seed file '{options.SeedFile}' is empty.");
        SeedApplier.Apply(state, seed, options.TimeProvider.GetUtcNow());
        if (seed.Deliveries is { } targets && targets.Validate() is { } error)
        {
            throw new InvalidOperationException($"Seed file '{options.SeedFile}': deliveries: {error}");
        }

        // Delivery targets of the seed are applied once the server listens, because the SNS
        // subscription confirmation names the emulator's own address.
        state.Deliveries = seed.Deliveries ?? state.Deliveries;
        return state;
    }

    private static void OnStarted(WebApplication app, EmulatorState state)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = app.Services.GetRequiredService<EmulatorEndpoint>();
        endpoint.BaseUri = new Uri(address.TrimEnd('/') + "/");

        var options = app.Services.GetRequiredService<AwsEmulatorOptions>();
        if (options.SeedFile is not null)
        {
            Log.SeedLoaded(app.Logger, options.SeedFile);
        }

        if (options.StateFile is not null && File.Exists(options.StateFile))
        {
            Log.StateRestored(app.Logger, options.StateFile);
        }

        DeliveryTargets targets;
        lock (state.Gate)
        {
            targets = state.Deliveries;
        }

        app.Services.GetRequiredService<DeliveryConfigurator>().Apply(targets);
        Log.Started(app.Logger, endpoint.BaseUri, EmulatorSeed.LocalAccountId);
    }
}
