namespace Honeytoken.Grains.Setup;

/// <summary>The phases of provisioning, in the order they run.</summary>
public static class SetupPhase
{
    public const string NotConfigured = "not_configured";

    public const string Validating = "validating";

    public const string CreatingAccounts = "creating_accounts";

    public const string ProvisioningKeys = "provisioning_keys";

    public const string Ready = "ready";

    public const string Failed = "failed";
}

/// <summary>The last error provisioning met, and when.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.error.v1")]
public sealed record SetupError(
    [property: Id(0)] string Message,
    [property: Id(1)] DateTimeOffset At);

/// <summary>How far provisioning has come; the body of <c>GET /v1/admin/honeytoken/setup</c>.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.progress.v1")]
public sealed record SetupProgress
{
    /// <summary>One of the <see cref="SetupPhase"/> values.</summary>
    [Id(0)] public required string Phase { get; init; }

    [Id(1)] public int AccountsReady { get; init; }

    [Id(2)] public int AccountsTarget { get; init; }

    /// <summary>Keys created since the configuration was uploaded, handed out or not.</summary>
    [Id(3)] public int KeysProvisioned { get; init; }

    [Id(4)] public int KeysTarget { get; init; }

    /// <summary>Keys in the pool now, ready to hand out.</summary>
    [Id(5)] public int KeysAvailable { get; init; }

    /// <summary>Keys created per minute over the last minute of provisioning.</summary>
    [Id(6)] public double KeysPerMinute { get; init; }

    [Id(7)] public SetupError? LastError { get; init; }

    [Id(8)] public DateTimeOffset? StartedAt { get; init; }

    [Id(9)] public DateTimeOffset? UpdatedAt { get; init; }

    public static SetupProgress NotConfigured { get; } = new() { Phase = SetupPhase.NotConfigured };
}
