using System.Globalization;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// One honeytoken: its IAM user and access key, its lifecycle, its events and its row in the
/// query tables.
/// </summary>
/// <remarks>
/// <para>
/// Lifecycle: provisioning → pooled → active ⇄ triggered → revoking → revoked, and failed for a
/// key that could not be created. Every change goes through <see cref="CommitAsync"/>, which
/// saves the grain state and then writes the <c>honeytokens</c> row with an audit entry, so the
/// state is durable before any caller or list reads the change.
/// </para>
/// <para>
/// Two changes write the row first: claiming an IAM user name and taking an operator's name.
/// Both are decided by unique indexes of the query table rather than by a read-then-write
/// check, because the competing tokens live in different grains. If the state write then
/// fails, the row is written back to the previous state before the error is raised.
/// </para>
/// <para>
/// A row carries a version, and a write replaces only a row with a lower one. The version is
/// the time of the change in microseconds, or the previous version plus one when the clock is
/// behind it, so a write that follows a lost state write still wins over the rows before it.
/// </para>
/// </remarks>
public sealed partial class HoneytokenGrain : Grain, IHoneytokenGrain, IHoneytokenLifecycleGrain, IRemindable
{
    private const string RevokeReminder = "revoke";
    private static readonly TimeSpan RowRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<HoneytokenState> state;
    private readonly HoneytokenStore store;
    private readonly SecretProtector secretProtector;
    private readonly ITenantAwsClients aws;
    private readonly ProvisioningOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<HoneytokenGrain> logger;

    // A row write that failed after its state was saved, retried by a timer until it succeeds.
    private (HoneytokenRow Row, AuditEntry? Audit)? pendingRow;
    private IGrainTimer? rowRetryTimer;

    public HoneytokenGrain(
        [PersistentState("honeytoken", GrainStorage.Name)] IPersistentState<HoneytokenState> state,
        HoneytokenStore store,
        SecretProtector secretProtector,
        ITenantAwsClients aws,
        IOptions<ProvisioningOptions> options,
        TimeProvider timeProvider,
        ILogger<HoneytokenGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        this.state = state;
        this.store = store;
        this.secretProtector = secretProtector;
        this.aws = aws;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    private Guid TokenId => this.GetPrimaryKey();

    private HoneytokenState Current => state.State;

    private bool IsHandedOut => Current.Lifecycle is HoneytokenLifecycle.Active or HoneytokenLifecycle.Triggered
        or HoneytokenLifecycle.Revoking or HoneytokenLifecycle.Revoked;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between the state write and the row write of a change leaves the row behind
        // the state, or, for the changes that write the row first, ahead of it. The state is
        // the truth, so the row is brought in line before the grain serves any call. This is
        // one short database round trip, not AWS work.
        if (Current.InstallationId is null)
        {
            return;
        }

        var rowVersion = await store.ReadRowVersionAsync(TokenId, cancellationToken);
        if (rowVersion == Current.RowVersion)
        {
            return;
        }

        if (rowVersion > Current.RowVersion)
        {
            // The row contains a change whose state write never happened: overwrite it with a
            // newer version of the saved state. No audit entry, because that change did not happen.
            Current.RowVersion = NextRowVersion(rowVersion.Value);
            await WriteRowOrRetryLaterAsync(ToRow(Current), audit: null);
            return;
        }

        await WriteRowOrRetryLaterAsync(ToRow(Current), Current.LastChange);
    }

    public async Task<HoneytokenResult> AssignAsync(HoneytokenFields fields, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(actor);

        if (Current.Lifecycle != HoneytokenLifecycle.Pooled || Current.InstallationId is null)
        {
            return IsHandedOut
                ? Failure(HoneytokenErrorKind.InvalidState, $"Honeytoken {TokenId} is already handed out; take another key from the pool.")
                : Failure(HoneytokenErrorKind.NotFound, $"Honeytoken {TokenId} is not a pooled key ready to hand out.");
        }

        if (HoneytokenFieldRules.Validate(fields) is { } invalid)
        {
            return HoneytokenResult.Failure(invalid);
        }

        var next = Current.Copy();
        next.Lifecycle = HoneytokenLifecycle.Active;
        next.Name = fields.Name;
        next.Description = fields.Description;
        next.CustomTags = [.. fields.CustomTags];
        next.CreatedAt = timeProvider.GetUtcNow();
        next.CreatorId = actor.Id;

        var written = await CommitAsync(next, actor, "honeytoken.create", rowFirst: true, CancellationToken.None);
        if (written.Outcome == RowWriteOutcome.NameConflict)
        {
            return NameConflict(fields.Name, written.ConflictingId);
        }

        HoneytokenLog.Assigned(logger, TokenId, actor.Kind, actor.Id);
        return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
    }

    public Task<HoneytokenSnapshot?> GetAsync(bool includeSecret) => Task.FromResult(Snapshot(includeSecret));

    public async Task<HoneytokenResult> UpdateAsync(HoneytokenPatch patch, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(actor);

        if (!IsHandedOut)
        {
            return NotFound();
        }

        if (Current.Lifecycle is HoneytokenLifecycle.Revoking or HoneytokenLifecycle.Revoked)
        {
            return Failure(HoneytokenErrorKind.InvalidState, $"Honeytoken {TokenId} is revoked and can no longer be changed.");
        }

        if (HoneytokenFieldRules.Validate(patch) is { } invalid)
        {
            return HoneytokenResult.Failure(invalid);
        }

        var next = Current.Copy();
        next.Name = patch.Name ?? next.Name;
        next.Description = patch.Description ?? next.Description;
        next.CustomTags = patch.CustomTags is null ? next.CustomTags : [.. patch.CustomTags];

        var renamed = !string.Equals(next.Name, Current.Name, StringComparison.Ordinal);
        var written = await CommitAsync(next, actor, "honeytoken.update", rowFirst: renamed, CancellationToken.None);
        if (written.Outcome == RowWriteOutcome.NameConflict)
        {
            return NameConflict(next.Name!, written.ConflictingId);
        }

        HoneytokenLog.Updated(logger, TokenId, actor.Kind, actor.Id);
        return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
    }

    public async Task<HoneytokenResult> ResetAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);

        if (!IsHandedOut)
        {
            return NotFound();
        }

        if (Current.Lifecycle != HoneytokenLifecycle.Triggered)
        {
            var status = HoneytokenStatus.FromLifecycle(Current.Lifecycle);
            return Failure(HoneytokenErrorKind.InvalidState,
                $"Only a triggered honeytoken can be reset; honeytoken {TokenId} is {status}. Reset it after its next event, or revoke it.");
        }

        // The events are archived first: if the state write fails afterwards, a repeated reset
        // finds nothing more to archive and completes.
        var archived = await store.ArchiveOpenEventsAsync(TokenId, CancellationToken.None);

        var next = Current.Copy();
        next.Lifecycle = HoneytokenLifecycle.Active;
        next.OpenEventsCount = 0;
        await CommitAsync(next, actor, "honeytoken.reset", rowFirst: false, CancellationToken.None,
            ("archived_events", archived.ToString(CultureInfo.InvariantCulture)));

        HoneytokenLog.Reset(logger, TokenId, actor.Kind, actor.Id, archived);
        return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
    }

    public async Task<HoneytokenResult> RevokeAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);

        if (!IsHandedOut)
        {
            return NotFound();
        }

        if (Current.Lifecycle is HoneytokenLifecycle.Active or HoneytokenLifecycle.Triggered)
        {
            // The reminder exists before the state is revoking, so a crash in between leaves
            // at worst a reminder that finds nothing to do.
            await this.RegisterOrUpdateReminder(RevokeReminder, options.ReminderPeriod, options.ReminderPeriod);

            var next = Current.Copy();
            next.Lifecycle = HoneytokenLifecycle.Revoking;
            next.RevokedAt = timeProvider.GetUtcNow();
            next.RevokerId = actor.Id;
            await CommitAsync(next, actor, "honeytoken.revoke", rowFirst: false, CancellationToken.None);
            HoneytokenLog.RevocationStarted(logger, TokenId, actor.Kind, actor.Id);
        }

        if (Current.Lifecycle == HoneytokenLifecycle.Revoking)
        {
            // The caller waits a bounded time for AWS; the reminder finishes what is left.
            using var timeout = new CancellationTokenSource(options.InlineRevokeTimeout, timeProvider);
            await TryFinishRevocationAsync(timeout.Token);
        }

        return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
    }

    public async Task<HoneytokenResult> RecordEventAsync(HoneytokenEventInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        if (!IsHandedOut)
        {
            return NotFound();
        }

        var (inserted, openEvents) = await store.RecordEventAsync(TokenId, input, timeProvider.GetUtcNow(), CancellationToken.None);
        if (!inserted && openEvents == Current.OpenEventsCount)
        {
            return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
        }

        var next = Current.Copy();
        next.OpenEventsCount = openEvents;

        // Once revocation has started the status stays revoked; the event is still stored.
        var triggers = inserted && Current.Lifecycle == HoneytokenLifecycle.Active;
        if (triggers)
        {
            next.Lifecycle = HoneytokenLifecycle.Triggered;
            next.TriggeredAt = input.EventTime;
        }

        await CommitAsync(next, Actor.System, triggers ? "honeytoken.trigger" : "honeytoken.event", rowFirst: false, CancellationToken.None,
            ("event_key", input.EventKey), ("action", input.Action), ("channel", input.Channel));
        if (triggers)
        {
            HoneytokenLog.Triggered(logger, TokenId, input.EventKey, input.Action);
        }

        return HoneytokenResult.Success(Snapshot(includeSecret: false)!);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RevokeReminder)
        {
            return;
        }

        if (Current.Lifecycle == HoneytokenLifecycle.Revoking)
        {
            using var timeout = new CancellationTokenSource(options.ReminderPeriod, timeProvider);
            await TryFinishRevocationAsync(timeout.Token);
            return;
        }

        await UnregisterRevokeReminderAsync();
    }

    /// <summary>
    /// Saves <paramref name="next"/> as the grain state and writes its row with an audit entry.
    /// With <paramref name="rowFirst"/>, the row is written first, and a unique-index conflict
    /// is returned with nothing changed.
    /// </summary>
    private async Task<RowWriteResult> CommitAsync(
        HoneytokenState next,
        Actor actor,
        string action,
        bool rowFirst,
        CancellationToken cancellationToken,
        params (string Key, string? Value)[] details)
    {
        next.RowVersion = NextRowVersion();
        var audit = new AuditEntry(timeProvider.GetUtcNow(), actor, action, "honeytoken", TokenId.ToString(),
            details.ToDictionary(detail => detail.Key, detail => detail.Value));
        next.LastChange = audit;
        var row = ToRow(next);
        var previous = state.State;

        if (rowFirst)
        {
            var written = await store.WriteAsync(row, audit, cancellationToken);
            if (written.Outcome != RowWriteOutcome.Written)
            {
                return written;
            }

            state.State = next;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                HoneytokenLog.StateWriteFailed(logger, exception, TokenId);
                state.State = previous;
                await RestoreRowAsync(previous);
                throw;
            }

            return written;
        }

        state.State = next;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            state.State = previous;
            throw;
        }

        await WriteRowOrRetryLaterAsync(row, audit);
        return RowWriteResult.Written;
    }

    private async Task RestoreRowAsync(HoneytokenState previous)
    {
        previous.RowVersion = NextRowVersion();
        try
        {
            await store.WriteAsync(ToRow(previous), audit: null, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The next change of this token rewrites the row with a higher version.
            HoneytokenLog.RowRestoreFailed(logger, exception, TokenId);
        }
    }

    private async Task WriteRowOrRetryLaterAsync(HoneytokenRow row, AuditEntry? audit)
    {
        // A newer row replaces a pending one, but the older audit entry must still be written.
        if (pendingRow is { Audit: { } pendingAudit })
        {
            audit ??= pendingAudit;
        }

        try
        {
            await store.WriteAsync(row, audit, CancellationToken.None);
            pendingRow = null;
            rowRetryTimer?.Dispose();
            rowRetryTimer = null;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            HoneytokenLog.RowWriteFailed(logger, exception, TokenId, RowRetryDelay);
            pendingRow = (row, audit);
            rowRetryTimer ??= this.RegisterGrainTimer(RetryPendingRowAsync, new GrainTimerCreationOptions(RowRetryDelay, RowRetryDelay) { KeepAlive = true });
        }
    }

    private Task RetryPendingRowAsync(CancellationToken cancellationToken) =>
        pendingRow is { } pending ? WriteRowOrRetryLaterAsync(pending.Row, pending.Audit) : Task.CompletedTask;

    private long NextRowVersion(long after = 0)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        return Math.Max(now, Math.Max(Current.RowVersion, after) + 1);
    }

    private HoneytokenRow ToRow(HoneytokenState source) => new()
    {
        Id = TokenId,
        InstallationId = source.InstallationId!,
        Lifecycle = source.Lifecycle,
        Name = source.Name,
        Description = source.Description,
        CustomTags = source.CustomTags,
        AccountId = source.AccountId,
        IamUserName = source.IamUserName,
        AccessKeyId = source.AccessKeyId,
        SecretAccessKeyProtected = source.SecretAccessKeyProtected,
        ProvisionedAt = source.ProvisionedAt,
        CreatedAt = source.CreatedAt,
        TriggeredAt = source.TriggeredAt,
        RevokedAt = source.RevokedAt,
        OpenEventsCount = source.OpenEventsCount,
        CreatorId = source.CreatorId,
        RevokerId = source.RevokerId,
        FailureReason = source.FailureReason,
        RowVersion = source.RowVersion,
    };

    private HoneytokenSnapshot? Snapshot(bool includeSecret)
    {
        if (!IsHandedOut)
        {
            return null;
        }

        var current = Current;
        return new HoneytokenSnapshot
        {
            Id = TokenId,
            Lifecycle = current.Lifecycle,
            Name = current.Name!,
            Description = current.Description,
            CreatedAt = current.CreatedAt!.Value,
            TriggeredAt = current.TriggeredAt,
            RevokedAt = current.RevokedAt,
            OpenEventsCount = current.OpenEventsCount,
            CreatorId = current.CreatorId,
            RevokerId = current.RevokerId,
            CustomTags = current.CustomTags,
            AccessKeyId = current.AccessKeyId,
            SecretAccessKey = includeSecret && current.SecretAccessKeyProtected is { } secret
                ? secretProtector.Unprotect(SecretPurposes.HoneytokenSecretKey, secret)
                : null,
        };
    }

    private HoneytokenResult NotFound() =>
        Failure(HoneytokenErrorKind.NotFound, $"No honeytoken has the id {TokenId}.");

    private static HoneytokenResult NameConflict(string name, Guid? conflictingId) =>
        HoneytokenResult.Failure(new HoneytokenError(
            HoneytokenErrorKind.NameConflict,
            $"The name '{name}' is taken by honeytoken {conflictingId}, which is not revoked. Choose another name or revoke that token first.",
            Field: "name",
            ConflictingId: conflictingId));

    private static HoneytokenResult Failure(HoneytokenErrorKind kind, string message) =>
        HoneytokenResult.Failure(new HoneytokenError(kind, message));
}
