using System.Globalization;
using System.Security.Cryptography;
using Amazon.Runtime;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// The set-up of one installation: the uploaded configuration and the provisioning state
/// machine that creates the member accounts and fills the key pool.
/// </summary>
/// <remarks>
/// <para>
/// The machine moves validating → creating_accounts → provisioning_keys → ready, or to failed
/// when AWS reports a quota that no retry can get past. Each step is one short turn of a grain
/// timer: it reads the durable state, makes a bounded number of AWS or grain calls, and saves
/// the state before the next step. The timer does not interleave with grain calls, so an
/// upload never changes the state in the middle of a step. A reminder wakes the grain on
/// another silo when the one running it dies. The timer restarts on activation whenever the
/// phase still has work, and stops in ready and failed.
/// </para>
/// <para>
/// Keys are provisioned by the honeytoken grains themselves. The step first saves the ids of
/// the tokens it is about to call (<see cref="TenantSetupState.InFlight"/>), then calls them at
/// once, at most <see cref="ProvisioningOptions.MaxConcurrentKeys"/> in flight. A token that
/// failed with an error a retry may fix stays in flight and is asked again at the next step;
/// a crash between the two saves makes the next activation ask the same tokens again. Both
/// are safe because provisioning is idempotent per token.
/// </para>
/// <para>
/// An upload while provisioning runs takes effect at once, between two steps: the new file
/// replaces the old one and the machine restarts at validating. When the management account
/// and the account settings are unchanged, the known member accounts are kept. Keys already
/// pooled, and tokens in flight, stay: they are valid keys of the organization. Changing the
/// organization starts the account list anew; accounts and keys made under the old file are
/// left in AWS, never deleted.
/// </para>
/// <para>
/// <see cref="GetProgressAsync"/> and <see cref="GetConfigurationAsync"/> interleave with a
/// running step. They only read fields that a step replaces whole, so they never see a value
/// half written.
/// </para>
/// </remarks>
public sealed partial class TenantSetupGrain : Grain, ITenantSetupGrain, ITenantProvisioningGrain, IRemindable
{
    private const string ResumeReminder = "resume-provisioning";

    private readonly IPersistentState<TenantSetupState> state;
    private readonly SecretProtector secretProtector;
    private readonly ITenantAwsClients aws;
    private readonly AuditLog auditLog;
    private readonly ProvisioningOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<TenantSetupGrain> logger;

    // Decrypted from the state on activation and on upload; never logged.
    private HoneytokenConfiguration? configuration;

    private IGrainTimer? stepTimer;
    private int keysAvailable;
    private DateTimeOffset notBefore;
    private DateTimeOffset nextAccountPoll;
    private readonly Queue<DateTimeOffset> recentKeys = new();

    // Failed CreateAccount requests per account number since activation.
    private readonly Dictionary<int, int> accountFailures = [];

    public TenantSetupGrain(
        [PersistentState("setup", GrainStorage.Name)] IPersistentState<TenantSetupState> state,
        SecretProtector secretProtector,
        ITenantAwsClients aws,
        AuditLog auditLog,
        IOptions<ProvisioningOptions> options,
        TimeProvider timeProvider,
        ILogger<TenantSetupGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        this.state = state;
        this.secretProtector = secretProtector;
        this.aws = aws;
        this.auditLog = auditLog;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    private string InstallationId => this.GetPrimaryKeyString();

    private TenantSetupState Current => state.State;

    private static bool HasWork(string phase) =>
        phase is SetupPhase.Validating or SetupPhase.CreatingAccounts or SetupPhase.ProvisioningKeys;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Current.ConfigurationProtected is { } stored)
        {
            configuration = Decrypt(stored);
        }

        // Reading the pool size is a grain call, not AWS work; progress shows it from the start.
        keysAvailable = await GrainFactory.GetGrain<IKeyPoolGrain>(InstallationId).CountAsync();

        if (configuration is not null && HasWork(Current.Phase))
        {
            StartStepTimer();
        }
    }

    public async Task<ConfigurationUploadResult> UploadConfigurationAsync(byte[] utf8Json, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(actor);

        var parsed = HoneytokenConfigurationParser.Parse(utf8Json, out var errors);
        if (parsed is null)
        {
            return Rejected(errors, actor);
        }

        // The file is checked against AWS too: a wrong external ID or an unknown access point
        // must be rejected here, while the previous file is still in force.
        var rejectedByAws = await aws.VerifyAsync(parsed, CancellationToken.None);
        if (rejectedByAws.Count > 0)
        {
            return Rejected(rejectedByAws, actor);
        }

        var now = timeProvider.GetUtcNow();
        var next = CopyOf(Current);
        var organizationKey = OrganizationKeyOf(parsed);
        next.ConfigurationProtected = secretProtector.Protect(SecretPurposes.Configuration, System.Text.Encoding.UTF8.GetString(utf8Json));
        next.ConfigurationGeneration++;
        if (next.OrganizationKey != organizationKey)
        {
            next.OrganizationKey = organizationKey;
            next.Accounts = PlanAccounts(parsed.Organization);
            next.NextAccountIndex = 0;
        }

        next.Phase = SetupPhase.Validating;
        next.KeysProvisioned = 0;
        next.KeysFailed = 0;
        next.LastError = null;
        next.StartedAt = now;
        next.UpdatedAt = now;

        await this.RegisterOrUpdateReminder(ResumeReminder, options.ReminderPeriod, options.ReminderPeriod);
        await SaveAsync(next);
        configuration = parsed;
        recentKeys.Clear();
        accountFailures.Clear();
        notBefore = now;

        await auditLog.WriteAsync(new AuditEntry(now, actor, "setup.configuration_upload", "installation", InstallationId,
            new Dictionary<string, string?>
            {
                ["generation"] = next.ConfigurationGeneration.ToString(CultureInfo.InvariantCulture),
                ["management_role_arn"] = parsed.ManagementRole.Arn,
                ["member_accounts"] = parsed.Organization.MemberAccounts.ToString(CultureInfo.InvariantCulture),
                ["pool_size"] = parsed.Pool.Size.ToString(CultureInfo.InvariantCulture),
            }), CancellationToken.None);

        SetupLog.ConfigurationAccepted(logger, InstallationId, next.ConfigurationGeneration, actor.Kind, actor.Id,
            parsed.ManagementRole.Arn, parsed.Organization.MemberAccounts, parsed.Pool.Size);
        StartStepTimer();
        return new ConfigurationUploadResult(true, []);
    }

    public Task<HoneytokenConfiguration?> GetConfigurationAsync() => Task.FromResult(configuration);

    public Task<SetupProgress> GetProgressAsync()
    {
        var current = Current;
        if (configuration is null)
        {
            return Task.FromResult(SetupProgress.NotConfigured);
        }

        return Task.FromResult(new SetupProgress
        {
            Phase = current.Phase,
            AccountsReady = current.Accounts.Count(account => account.AccountId is not null),
            AccountsTarget = current.Accounts.Count,
            KeysProvisioned = current.KeysProvisioned,
            KeysTarget = configuration.Pool.Size,
            KeysAvailable = keysAvailable,
            KeysPerMinute = KeysPerMinute(),
            LastError = current.LastError,
            StartedAt = current.StartedAt,
            UpdatedAt = current.UpdatedAt,
        });
    }

    public async Task PoolChangedAsync(int available)
    {
        keysAvailable = available;
        if (configuration is null || Current.Phase != SetupPhase.Ready || available >= configuration.Pool.Size)
        {
            return;
        }

        var next = CopyOf(Current);
        next.Phase = SetupPhase.ProvisioningKeys;
        await this.RegisterOrUpdateReminder(ResumeReminder, options.ReminderPeriod, options.ReminderPeriod);
        await SaveAsync(next);
        StartStepTimer();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }

        if (configuration is not null && HasWork(Current.Phase))
        {
            StartStepTimer();
            return;
        }

        await StopReminderAsync();
    }

    private void StartStepTimer()
    {
        stepTimer ??= this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(options.StepInterval, options.StepInterval)
        {
            Interleave = false,
            KeepAlive = true,
        });
    }

    private async Task StopAsync()
    {
        stepTimer?.Dispose();
        stepTimer = null;
        await StopReminderAsync();
    }

    private async Task StopReminderAsync()
    {
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Runs one step of the phase in force; see the remarks of the class.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (configuration is null || !HasWork(Current.Phase))
        {
            await StopAsync();
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (now < notBefore)
        {
            return;
        }

        var phase = Current.Phase;
        try
        {
            switch (phase)
            {
                case SetupPhase.Validating:
                    await ValidateAsync(configuration, cancellationToken);
                    break;
                case SetupPhase.CreatingAccounts:
                    await EnsureAccountsAsync(configuration, cancellationToken);
                    break;
                case SetupPhase.ProvisioningKeys:
                    await ProvisionKeysAsync(configuration);
                    break;
            }
        }
        catch (TerminalSetupException exception)
        {
            await FailAsync(exception.Message);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException
            or OperationCanceledException or TimeoutException or Npgsql.NpgsqlException or OrleansException)
        {
            // Throttling that outlasted the client's retries lands here too: the machine waits
            // and carries on, so throttling slows provisioning down without failing it.
            SetupLog.StepRetry(logger, exception, InstallationId, phase, options.RetryDelay);
            notBefore = timeProvider.GetUtcNow() + options.RetryDelay;
            var next = CopyOf(Current);
            next.LastError = new SetupError(ErrorMessage(exception), timeProvider.GetUtcNow());
            await SaveAsync(next);
        }
    }

    private async Task ValidateAsync(HoneytokenConfiguration current, CancellationToken cancellationToken)
    {
        var errors = await aws.VerifyAsync(current, cancellationToken);
        if (errors.Count > 0)
        {
            throw new TerminalSetupException(
                $"AWS rejected the configuration: {errors[0].Field} {errors[0].Message} Upload a corrected configuration.");
        }

        await MoveToAsync(SetupPhase.CreatingAccounts);
    }

    private async Task MoveToAsync(string phase, Action<TenantSetupState>? change = null)
    {
        var next = CopyOf(Current);
        var from = next.Phase;
        next.Phase = phase;
        change?.Invoke(next);
        await SaveAsync(next);
        SetupLog.PhaseChanged(logger, InstallationId, from, phase);
    }

    private async Task FailAsync(string reason)
    {
        SetupLog.ProvisioningStopped(logger, InstallationId, reason);
        await MoveToAsync(SetupPhase.Failed, next => next.LastError = new SetupError(reason, timeProvider.GetUtcNow()));
        await StopAsync();
    }

    private async Task SaveAsync(TenantSetupState next)
    {
        next.UpdatedAt = timeProvider.GetUtcNow();
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    private ConfigurationUploadResult Rejected(IReadOnlyList<ConfigurationError> errors, Actor actor)
    {
        SetupLog.ConfigurationRejected(logger, InstallationId, actor.Kind, actor.Id, errors.Count, errors[0].Field);
        return new ConfigurationUploadResult(false, errors);
    }

    private HoneytokenConfiguration? Decrypt(byte[] stored)
    {
        try
        {
            var json = secretProtector.Unprotect(SecretPurposes.Configuration, stored);
            return HoneytokenConfigurationParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), out _);
        }
        catch (CryptographicException exception)
        {
            // The encryption key changed: the installation reads as not configured until an upload.
            SetupLog.ConfigurationUnreadable(logger, exception, InstallationId);
            return null;
        }
    }

    private double KeysPerMinute()
    {
        var since = timeProvider.GetUtcNow() - TimeSpan.FromMinutes(1);
        return recentKeys.Count(at => at >= since);
    }

    private static string ErrorMessage(Exception exception) => exception switch
    {
        AmazonServiceException aws => $"AWS returned {aws.ErrorCode ?? aws.StatusCode.ToString()}: {aws.Message} Provisioning retries on its own.",
        _ => $"{exception.Message} Provisioning retries on its own.",
    };

    private static string OrganizationKeyOf(HoneytokenConfiguration configuration)
    {
        var organization = configuration.Organization;
        return string.Join('|', configuration.ManagementRole.AccountId, organization.MemberAccounts,
            organization.AccountNamePattern, organization.EmailPattern, organization.MemberRoleName);
    }

    private static List<MemberAccountState> PlanAccounts(OrganizationSettings organization) =>
        [.. Enumerable.Range(1, organization.MemberAccounts).Select(number => new MemberAccountState
        {
            Number = number,
            Name = organization.AccountName(number),
            Email = organization.AccountEmail(number),
        })];

    private static TenantSetupState CopyOf(TenantSetupState source) => new()
    {
        ConfigurationProtected = source.ConfigurationProtected,
        ConfigurationGeneration = source.ConfigurationGeneration,
        Phase = source.Phase,
        OrganizationKey = source.OrganizationKey,
        Accounts = [.. source.Accounts.Select(account => new MemberAccountState
        {
            Number = account.Number,
            Name = account.Name,
            Email = account.Email,
            AccountId = account.AccountId,
            CreateRequestId = account.CreateRequestId,
        })],
        InFlight = [.. source.InFlight.Select(token => new InFlightToken { TokenId = token.TokenId, AccountId = token.AccountId })],
        KeysProvisioned = source.KeysProvisioned,
        KeysFailed = source.KeysFailed,
        NextAccountIndex = source.NextAccountIndex,
        LastError = source.LastError,
        StartedAt = source.StartedAt,
        UpdatedAt = source.UpdatedAt,
    };

    /// <summary>A failure that no retry can fix, such as a quota; it moves the machine to failed.</summary>
    private sealed class TerminalSetupException(string message) : Exception(message);
}
