using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Signing;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Tests.Infrastructure;

/// <summary>Starts emulators with settings that keep tests fast, and helpers shared by tests.</summary>
public static class Emulator
{
    // One SNS signing key for every emulator of the test run, because RSA key generation is slow.
    private static readonly Lazy<SnsSigningKeyState> SigningKey = new(() => SnsMessageSigner.CreateKey(DateTimeOffset.UtcNow));

    /// <summary>Starts an emulator whose asynchronous steps take milliseconds instead of seconds.</summary>
    public static Task<AwsEmulatorHost> StartAsync(Action<AwsEmulatorOptions>? configure = null)
    {
        var options = new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.FromMilliseconds(500),
            RealTimeDelay = TimeSpan.Zero,
            LogFileInterval = TimeSpan.FromHours(1),
            WebhookInitialBackoff = TimeSpan.FromMilliseconds(50),
            SnsSigningKey = SigningKey.Value,
        };
        configure?.Invoke(options);
        return AwsEmulatorHost.StartAsync(options);
    }

    /// <summary>The seeded administrator key.</summary>
    public static AccessKeyPair Admin(this AwsEmulatorHost host, string region = "us-east-1") =>
        new(host.AccessKeyId, host.SecretAccessKey, region);

    /// <summary>Adds an IAM user without permissions, as a honeytoken is, with one known access key.</summary>
    public static async Task<AccessKeyPair> AddHoneytokenUserAsync(this AwsEmulatorHost host, string userName)
    {
        var keyId = "AKIA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        var secret = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..16];
        await host.Control.ApplySeedAsync(new EmulatorSeed
        {
            Users = [new SeedUser { AccountId = host.AccountId, UserName = userName, AccessKeys = [new SeedAccessKey { AccessKeyId = keyId, SecretAccessKey = secret }] }],
        });
        return new AccessKeyPair(keyId, secret);
    }

    /// <summary>Returns the records of one action, oldest first.</summary>
    public static async Task<List<JsonObject>> RecordsOfAsync(this AwsEmulatorHost host, string eventName) =>
        (await host.Control.GetRecordsAsync()).Where(r => r["eventName"]!.GetValue<string>() == eventName).ToList();
}
