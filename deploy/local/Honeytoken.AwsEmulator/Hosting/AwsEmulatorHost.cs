using System.Net;
using Honeytoken.AwsEmulator.Control;

namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>
/// The emulator running inside the current process on a free loopback port, for tests:
/// <c>await using var aws = await AwsEmulatorHost.StartAsync();</c>.
/// </summary>
public sealed class AwsEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private AwsEmulatorHost(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
        Control = new EmulatorControlClient(baseUri);
    }

    /// <summary>Address of the emulator, such as <c>http://127.0.0.1:40123/</c>; every service listens here.</summary>
    public Uri BaseUri { get; }

    /// <summary>Typed client of the control API under <c>/_emulator/</c>.</summary>
    public EmulatorControlClient Control { get; }

    /// <summary>Management account of the seed, <c>123456789012</c>.</summary>
    public string AccountId => EmulatorSeed.LocalAccountId;

    /// <summary>Administrator key id of the management account.</summary>
    public string AccessKeyId => EmulatorSeed.LocalAccessKeyId;

    /// <summary>Secret of <see cref="AccessKeyId"/>.</summary>
    public string SecretAccessKey => EmulatorSeed.LocalSecretAccessKey;

    /// <summary>ARN of the management role that the bootstrap key assumes with <see cref="ExternalId"/>.</summary>
    public string ManagementRoleArn => $"arn:aws:iam::{EmulatorSeed.LocalAccountId}:role/{EmulatorSeed.LocalManagementRoleName}";

    public string ExternalId => EmulatorSeed.LocalExternalId;

    /// <summary>
    /// HTTP proxy that sends every request to the emulator. Clients given an access point ARN
    /// put <c>&lt;access-point&gt;-&lt;account&gt;.</c> before the endpoint's host name, which no
    /// resolver maps to loopback, so pass this proxy to them (for AWSSDK.S3,
    /// <c>AmazonS3Config.SetWebProxy</c>); the emulator reads the access point from the host name.
    /// </summary>
    public IWebProxy Proxy => new WebProxy(BaseUri);

    /// <summary>Services of the running emulator, for tests that inspect its internals.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Starts the emulator on <c>127.0.0.1</c> with a port chosen by the operating system.</summary>
    public static async Task<AwsEmulatorHost> StartAsync(AwsEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = EmulatorApplication.Build(options ?? new AwsEmulatorOptions(), "http://127.0.0.1:0", LogLevel.Warning);
        await app.StartAsync(cancellationToken);
        var endpoint = app.Services.GetRequiredService<Deliveries.EmulatorEndpoint>();
        return new AwsEmulatorHost(app, endpoint.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
