using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Aws;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>
/// The project's AWS emulator started in-process on a loopback port, with a client factory and a
/// session whose every endpoint points at it. S3 requests keep an access point host under the
/// reserved .invalid domain and reach the emulator through its proxy-style listener.
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public const string MemberRoleName = EmulatorSeed.LocalMemberRoleName;

    private EmulatorHarness(AwsEmulatorHost host, AwsClientFactory factory, ListLoggerProvider logs)
    {
        Host = host;
        Factory = factory;
        Logs = logs;
        Settings = new AwsAccessSettings
        {
            BootstrapAccessKeyId = host.AccessKeyId,
            BootstrapSecretAccessKey = host.SecretAccessKey,
            ManagementRoleArn = host.ManagementRoleArn,
            ExternalId = host.ExternalId,
            MemberRoleName = MemberRoleName,
        };
        Session = factory.OpenSession(Settings);
    }

    public AwsEmulatorHost Host { get; }

    public AwsClientFactory Factory { get; }

    public ListLoggerProvider Logs { get; }

    public AwsAccessSettings Settings { get; }

    public AwsAccountSession Session { get; }

    /// <summary>Log entries of client retries.</summary>
    public IEnumerable<LogEntry> Retries => Logs.Logger.Entries.Where(entry => entry.EventId.Id == 4101);

    /// <summary>Starts an emulator whose account creation completes at the next status poll.</summary>
    public static async Task<EmulatorHarness> StartAsync(Action<AwsEmulatorOptions>? configure = null)
    {
        var options = new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.Zero,
            RealTimeDelay = TimeSpan.Zero,
            LogFileInterval = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);

        AwsEmulatorHost host = await AwsEmulatorHost.StartAsync(options);
        var logs = new ListLoggerProvider();
        AwsClientFactory factory = TestFactory.Create(host.BaseUri, TimeProvider.System, logs, endpoints => endpoints.S3Proxy = host.BaseUri);
        return new EmulatorHarness(host, factory, logs);
    }

    /// <summary>Makes the emulator fail the next <paramref name="count"/> calls of <paramref name="api"/> with its throttling error.</summary>
    public Task ThrottleAsync(string api, int count) =>
        Host.Control.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = api, Rate = 1, Count = count }] });

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Host.DisposeAsync();
    }
}
