namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>Settings of the emulator, validated when it starts.</summary>
public sealed class AwsEmulatorOptions
{
    /// <summary>
    /// Seed file to apply at start (<c>--seed</c>). When null, the built-in local seed
    /// (<see cref="EmulatorSeed.CreateLocal"/>) is applied, which is the content of
    /// <c>deploy/local/emulator-seed.json</c>.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>
    /// File that keeps the state across restarts (<c>--state-file</c>). When null, state
    /// lives in memory only. When the file exists it is loaded and the seed is applied on top.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Time a CreateAccount request stays <c>IN_PROGRESS</c>. Default 5 seconds.</summary>
    public TimeSpan CreateAccountDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay between a call and its EventBridge delivery. Default 2 seconds.</summary>
    public TimeSpan RealTimeDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Interval at which pending records are written as log files. Default 30 seconds;
    /// CloudTrail itself delivers about every 5 minutes.
    /// </summary>
    public TimeSpan LogFileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per webhook delivery when the receiver returns 5xx or 429 or cannot be reached. Default 4.</summary>
    public int WebhookMaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry of a webhook delivery; each later retry waits twice as long. Default 1 second.</summary>
    public TimeSpan WebhookInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Webhook deliveries in flight at once, counted from the start of a delivery's delay to
    /// the end of its first attempt. SNS and EventBridge deliver in parallel; 1 sends one
    /// after another. Default 16.
    /// </summary>
    public int WebhookConcurrency { get; set; } = 16;

    /// <summary>
    /// Key pair and certificate that sign SNS messages when the state has none yet. When
    /// null, one is generated on first use; tests that start many emulators pass one made
    /// by <see cref="Signing.SnsMessageSigner.CreateKey"/> to skip the RSA key generation.
    /// </summary>
    public State.SnsSigningKeyState? SnsSigningKey { get; set; }

    /// <summary>Clock of the emulator; tests pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Returns one message per invalid setting, naming it and the fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SeedFile is not null && !File.Exists(SeedFile))
        {
            errors.Add($"SeedFile '{SeedFile}' does not exist; pass the path of an emulator seed file or omit --seed.");
        }

        if (StateFile is not null && Path.GetDirectoryName(Path.GetFullPath(StateFile)) is { } directory && !Directory.Exists(directory))
        {
            errors.Add($"StateFile '{StateFile}' is in a directory that does not exist; create '{directory}' first.");
        }

        if (CreateAccountDuration < TimeSpan.Zero)
        {
            errors.Add($"CreateAccountDuration {CreateAccountDuration} is negative; use 0 or more.");
        }

        if (RealTimeDelay < TimeSpan.Zero)
        {
            errors.Add($"RealTimeDelay {RealTimeDelay} is negative; use 0 or more.");
        }

        if (LogFileInterval <= TimeSpan.Zero)
        {
            errors.Add($"LogFileInterval {LogFileInterval} must be positive.");
        }

        if (WebhookMaxAttempts < 1)
        {
            errors.Add($"WebhookMaxAttempts {WebhookMaxAttempts} must be at least 1.");
        }

        if (WebhookConcurrency < 1)
        {
            errors.Add($"WebhookConcurrency {WebhookConcurrency} must be at least 1.");
        }

        if (WebhookInitialBackoff < TimeSpan.Zero)
        {
            errors.Add($"WebhookInitialBackoff {WebhookInitialBackoff} is negative; use 0 or more.");
        }

        return errors;
    }
}
