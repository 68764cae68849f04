namespace Honeytoken.Grains.Setup;

/// <summary>The durable state of <see cref="TenantSetupGrain"/>.</summary>
[GenerateSerializer, Alias("honeytoken.setup.state.v1")]
public sealed class TenantSetupState
{
    /// <summary>The accepted configuration file as uploaded, encrypted by the secret protector because it contains secrets.</summary>
    [Id(0)] public byte[]? ConfigurationProtected { get; set; }

    /// <summary>Counts accepted uploads.</summary>
    [Id(1)] public int ConfigurationGeneration { get; set; }

    /// <summary>One of the <see cref="SetupPhase"/> values.</summary>
    [Id(2)] public string Phase { get; set; } = SetupPhase.NotConfigured;

    /// <summary>
    /// What identifies the member accounts: the management account and the account settings.
    /// An upload that keeps it keeps the known accounts.
    /// </summary>
    [Id(3)] public string? OrganizationKey { get; set; }

    [Id(4)] public List<MemberAccountState> Accounts { get; set; } = [];

    /// <summary>Tokens asked to provision and not finished yet; asked again after a crash.</summary>
    [Id(5)] public List<InFlightToken> InFlight { get; set; } = [];

    /// <summary>Keys created since the last upload, handed out or not.</summary>
    [Id(6)] public int KeysProvisioned { get; set; }

    /// <summary>Tokens that failed for good since the last upload.</summary>
    [Id(7)] public int KeysFailed { get; set; }

    /// <summary>The member account that receives the next new token, so the pool spreads over all of them.</summary>
    [Id(8)] public int NextAccountIndex { get; set; }

    [Id(9)] public SetupError? LastError { get; set; }

    [Id(10)] public DateTimeOffset? StartedAt { get; set; }

    [Id(11)] public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>One member account: its planned name and e-mail, and the ids that AWS assigned to it.</summary>
[GenerateSerializer, Alias("honeytoken.setup.member-account.v1")]
public sealed class MemberAccountState
{
    /// <summary>The account number, from 1, that replaces <c>{n}</c> in the patterns.</summary>
    [Id(0)] public int Number { get; set; }

    [Id(1)] public string Name { get; set; } = "";

    [Id(2)] public string Email { get; set; } = "";

    /// <summary>The 12-digit account id once the account exists.</summary>
    [Id(3)] public string? AccountId { get; set; }

    /// <summary>The CreateAccount request id while the account is being created.</summary>
    [Id(4)] public string? CreateRequestId { get; set; }
}

/// <summary>A token that was asked to provision its key in an account.</summary>
[GenerateSerializer, Alias("honeytoken.setup.in-flight.v1")]
public sealed class InFlightToken
{
    [Id(0)] public Guid TokenId { get; set; }

    [Id(1)] public string AccountId { get; set; } = "";
}
