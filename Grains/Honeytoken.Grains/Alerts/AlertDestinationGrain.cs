using System.Security.Cryptography;
using Honeytoken.Grains.Alerts.Delivery;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// Queues, coalesces and delivers the alerts of one destination.
/// </summary>
/// <remarks>
/// <para>
/// Every change is written to the grain state before the call that made it returns, so a
/// notice acknowledged by <see cref="EnqueueAsync"/> survives any crash. Deliveries go out
/// in queue order, one at a time. A delivery that fails stays at the head and blocks the
/// ones behind it until it succeeds or is given up, so alerts stay in order per token.
/// </para>
/// <para>
/// A one-shot grain timer wakes the grain when the head is due or a coalescing window
/// closes. The timer does not interleave with grain calls, so it never writes state while a
/// call does. Timers die with the silo, so a reminder, registered while any work is
/// pending, reactivates the grain elsewhere and resumes the deliveries.
/// </para>
/// </remarks>
public sealed class AlertDestinationGrain : Grain, IAlertDestinationGrain, IRemindable
{
    private const string ReminderName = "alert-delivery";

    /// <summary>
    /// How many queued notices the grain remembers, to ignore repeats. A repeat comes with the
    /// retry of a delivery seconds after a silo failure, so only the latest notices matter,
    /// and every state write carries the list.
    /// NOTE: a repeat that arrives after more than this many other notices is alerted again.
    /// </summary>
    public const int RecentNoticesKept = 256;

    // A bound on the work of one wake-up, so a long queue does not hold the grain for long.
    private const int MaxDeliveriesPerWake = 100;

    private readonly IPersistentState<AlertDestinationState> state;
    private readonly SecretProtector protector;
    private readonly AlertSender sender;
    private readonly DestinationSettingsValidator validator;
    private readonly TimeProvider timeProvider;
    private readonly AlertOptions options;
    private readonly HoneytokenMetrics metrics;
    private readonly ILogger<AlertDestinationGrain> logger;

    private IGrainTimer? wakeTimer;

    // Null until checked after activation: the reminder may exist from an earlier activation.
    private bool? reminderRegistered;

    public AlertDestinationGrain(
        [PersistentState("alertDestination", GrainStorage.Name)] IPersistentState<AlertDestinationState> state,
        SecretProtector protector,
        AlertSender sender,
        DestinationSettingsValidator validator,
        TimeProvider timeProvider,
        IOptions<AlertOptions> options,
        HoneytokenMetrics metrics,
        ILogger<AlertDestinationGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.state = state;
        this.protector = protector;
        this.sender = sender;
        this.validator = validator;
        this.timeProvider = timeProvider;
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
    }

    private Guid Id => this.GetPrimaryKey();

    // A truncated SHA-256 of the token and event keeps the remembered list small in the state.
    private static string NoticeKey(AlertNotice notice) =>
        Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{notice.Honeytoken.Id:N}|{notice.Event.Id}")).AsSpan(0, 12));

    private AlertDestinationState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Only arms the timer: the deliveries themselves run outside activation.
        ScheduleWake();
        return Task.CompletedTask;
    }

    public async Task<DestinationResult> CreateAsync(DestinationSettings settings, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(actor);

        if (State.Config is not null)
        {
            return DestinationResult.Invalid("id", $"Destination {Id} already exists.");
        }

        var error = await validator.ValidateAsync(settings, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // Webhook receivers need a key to verify signatures, so one is made when none is given.
        string? generatedSecret = null;
        var secret = settings.Secret;
        if (settings.Type == DestinationType.Webhook && secret is null)
        {
            generatedSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            secret = generatedSecret;
        }

        var config = new DestinationConfig
        {
            Type = settings.Type,
            Name = settings.Name,
            SecretProtected = secret is null ? null : protector.Protect(AlertSecretPurposes.DestinationSecret, secret),
            AllowPrivateNetwork = settings.AllowPrivateNetwork,
            CoalesceWindow = settings.CoalesceWindow,
            CreatedAt = timeProvider.GetUtcNow(),
            CreatedBy = actor.Id,
        };
        ApplySmtp(config, settings.Smtp);
        ApplyUrl(config, settings.Url);

        State.Config = config;
        await state.WriteStateAsync(cancellationToken);

        AlertLog.DestinationCreated(logger, Id, config.Type, actor.Id);
        return new DestinationResult { Destination = View(), GeneratedSecret = generatedSecret };
    }

    public async Task<DestinationResult> UpdateAsync(DestinationPatch patch, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(actor);

        var config = State.Config;
        if (config is null)
        {
            return DestinationResult.NotFound(Id);
        }

        // Validate the settings as they will be after the patch. Secrets are only checked
        // for form, so placeholders of a valid length stand in for the stored ones.
        var merged = new DestinationSettings
        {
            Type = config.Type,
            Name = patch.Name ?? config.Name,
            Url = patch.Url ?? CurrentUrl(config),
            Secret = patch.Secret ?? (config.SecretProtected is null || config.Type != DestinationType.Webhook ? null : new string('x', DestinationSettingsValidator.MinSecretLength)),
            Smtp = patch.Smtp is null ? CurrentSmtp(config) : patch.Smtp with { Password = patch.Smtp.Password ?? (config.SmtpPasswordProtected is null ? null : "x") },
            AllowPrivateNetwork = patch.AllowPrivateNetwork ?? config.AllowPrivateNetwork,
            CoalesceWindow = patch.CoalesceWindow ?? config.CoalesceWindow,
        };
        var error = await validator.ValidateAsync(merged, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        config.Name = merged.Name;
        if (patch.Url is not null)
        {
            ApplyUrl(config, patch.Url);
        }

        config.AllowPrivateNetwork = merged.AllowPrivateNetwork;
        config.CoalesceWindow = merged.CoalesceWindow;
        if (patch.Secret is not null)
        {
            config.SecretProtected = protector.Protect(AlertSecretPurposes.DestinationSecret, patch.Secret);
        }

        if (patch.Smtp is not null)
        {
            var keptPassword = config.SmtpPasswordProtected;
            ApplySmtp(config, patch.Smtp);
            config.SmtpPasswordProtected ??= keptPassword;
        }

        await state.WriteStateAsync(cancellationToken);

        AlertLog.DestinationUpdated(logger, Id, actor.Id);
        return new DestinationResult { Destination = View() };
    }

    public Task<DestinationView?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(State.Config is null ? null : View());

    public async Task DeleteAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State.Config is null)
        {
            return;
        }

        var pending = PendingCount();
        await state.ClearStateAsync(cancellationToken);
        AlertLog.DestinationDeleted(logger, Id, actor.Id, pending);

        await ScheduleAsync();
    }

    public async Task EnqueueAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);

        var config = State.Config;
        if (config is null)
        {
            return;
        }

        // The honeytoken grain sends a notice again when its silo stopped after this grain
        // queued it but before the event's outbox row was deleted.
        var noticeKey = NoticeKey(notice);
        if (State.RecentNotices.Contains(noticeKey))
        {
            AlertLog.RepeatedNoticeIgnored(logger, Id, notice.Honeytoken.Id, notice.Event.Id);
            return;
        }

        State.RecentNotices.Add(noticeKey);
        if (State.RecentNotices.Count > RecentNoticesKept)
        {
            State.RecentNotices.RemoveRange(0, State.RecentNotices.Count - RecentNoticesKept);
        }

        var now = timeProvider.GetUtcNow();
        var token = AlertedHoneytoken.From(notice.Honeytoken);
        var window = State.Windows.Find(open => open.HoneytokenId == token.Id);

        if (notice.Action == AlertAction.HoneytokenTriggered)
        {
            // Events of an earlier trigger go out before the new trigger, to keep the order.
            if (window is not null)
            {
                State.Windows.Remove(window);
                State.Queue.Add(FromWindow(window, now));
            }

            State.Queue.Add(new PendingDelivery
            {
                Id = Guid.NewGuid(),
                Action = DeliveryActions.Triggered,
                Honeytoken = token,
                FirstEvent = notice.Event,
                EventCount = 1,
                NoticedAt = now,
                NextAttemptAt = now,
            });
        }
        else if (window is null)
        {
            State.Windows.Add(new CoalescingWindow
            {
                HoneytokenId = token.Id,
                Honeytoken = token,
                FirstEvent = notice.Event,
                LastEvent = notice.Event,
                EventCount = 1,
                OpenedAt = now,
                ClosesAt = now + (config.CoalesceWindow ?? options.DefaultCoalesceWindow),
            });
        }
        else
        {
            window.Honeytoken = token;
            window.LastEvent = notice.Event;
            window.EventCount++;
        }

        await state.WriteStateAsync(cancellationToken);
        await ScheduleAsync();
    }

    public async Task<DestinationResult> SendTestAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State.Config is null)
        {
            return DestinationResult.NotFound(Id);
        }

        var now = timeProvider.GetUtcNow();
        var delivery = new PendingDelivery
        {
            Id = Guid.NewGuid(),
            Action = DeliveryActions.Test,
            NoticedAt = now,
            NextAttemptAt = now,
        };
        State.Queue.Add(delivery);
        await state.WriteStateAsync(cancellationToken);
        await ScheduleAsync();

        return new DestinationResult { Destination = View(), DeliveryId = delivery.Id };
    }

    public Task<DestinationHealth?> GetHealthAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(State.Config is null ? null : Health());

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? WakeAsync(CancellationToken.None) : Task.CompletedTask;

    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        var config = State.Config;
        if (config is null)
        {
            await ScheduleAsync();
            return;
        }

        var now = timeProvider.GetUtcNow();
        var closed = State.Windows.Where(window => window.ClosesAt <= now).OrderBy(window => window.OpenedAt).ToList();
        if (closed.Count > 0)
        {
            foreach (var window in closed)
            {
                State.Windows.Remove(window);
                State.Queue.Add(FromWindow(window, now));
            }

            await state.WriteStateAsync(cancellationToken);
        }

        var endpoint = Decrypt(config);
        if (endpoint is null && State.Queue.Count > 0)
        {
            // Without this the due head would re-arm the timer at once, in a loop.
            State.Queue[0].NextAttemptAt = now + options.MaxRetryDelay;
            await state.WriteStateAsync(cancellationToken);
        }

        for (var sent = 0; sent < MaxDeliveriesPerWake && endpoint is not null; sent++)
        {
            var head = State.Queue.FirstOrDefault();
            if (head is null || head.NextAttemptAt > timeProvider.GetUtcNow())
            {
                break;
            }

            var delivered = await AttemptAsync(endpoint, head, cancellationToken);
            if (!delivered)
            {
                break;
            }
        }

        await ScheduleAsync();
    }

    /// <summary>Sends the head of the queue once and records the result; returns whether it left the queue.</summary>
    private async Task<bool> AttemptAsync(DestinationEndpoint endpoint, PendingDelivery head, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        head.Attempts++;
        head.FirstAttemptAt ??= started;

        // Deliveries run from a timer, outside any request, so this span is the root of the
        // HTTP or SMTP work below it.
        using var activity = HoneytokenActivitySource.Instance.StartActivity("deliver alert");
        activity?.SetTag("honeytoken.alert.destination.type", endpoint.Config.Type.ToString());
        activity?.SetTag("honeytoken.alert.delivery.attempt", head.Attempts);
        var result = await sender.SendAsync(endpoint, head, cancellationToken);
        var finished = timeProvider.GetUtcNow();

        var attempt = new DeliveryAttempt
        {
            DeliveryId = head.Id,
            At = started,
            Action = head.Action,
            HoneytokenId = head.Honeytoken?.Id,
            EventCount = head.EventCount,
            AttemptNumber = head.Attempts,
            Outcome = AttemptOutcome.Delivered,
            StatusCode = result.StatusCode,
            Error = result.Error,
            Duration = finished - started,
        };

        bool leftQueue;
        if (result.Succeeded)
        {
            State.Queue.RemoveAt(0);
            State.LastSuccessAt = finished;
            State.FailingSince = null;
            State.LastError = null;
            leftQueue = true;
            AlertLog.Delivered(logger, head.Id, head.Action, head.Honeytoken?.Id, Id, head.Attempts, (long)(finished - head.NoticedAt).TotalMilliseconds);
        }
        else
        {
            var wasFailing = IsFailing(started);
            State.FailingSince ??= started;
            State.LastError = result.Error;
            if (result.IsClientError)
            {
                head.ClientErrors++;
            }

            var giveUp = head.ClientErrors >= options.MaxClientErrorAttempts || finished - head.FirstAttemptAt >= options.RetryPeriod;
            if (giveUp)
            {
                State.Queue.RemoveAt(0);
                attempt = attempt with { Outcome = AttemptOutcome.GaveUp };
                leftQueue = true;
                AlertLog.GaveUp(logger, head.Id, head.Action, head.Honeytoken?.Id, Id, head.Attempts, result.StatusCode, result.Error ?? "");
            }
            else
            {
                head.NextAttemptAt = finished + RetryDelay(head.Attempts);
                attempt = attempt with { Outcome = AttemptOutcome.WillRetry, NextAttemptAt = head.NextAttemptAt };
                leftQueue = false;
                AlertLog.WillRetry(logger, head.Id, Id, head.Attempts, result.StatusCode, result.Error ?? "", head.NextAttemptAt);
            }

            if (!wasFailing && IsFailing(finished))
            {
                AlertLog.Failing(logger, Id, State.FailingSince.Value);
            }
        }

        metrics.AlertDeliveryAttempted(endpoint.Config.Type, attempt.Outcome);
        activity?.SetTag("honeytoken.alert.delivery.outcome", attempt.Outcome.ToString());
        State.RecentAttempts.Insert(0, attempt);
        if (State.RecentAttempts.Count > options.RecentAttemptsKept)
        {
            State.RecentAttempts.RemoveRange(options.RecentAttemptsKept, State.RecentAttempts.Count - options.RecentAttemptsKept);
        }

        await state.WriteStateAsync(cancellationToken);
        return leftQueue;
    }

    /// <summary>
    /// Returns the delay before attempt <paramref name="attempts"/> + 1: the initial delay
    /// doubled per attempt up to the maximum, then drawn uniformly from its upper half so
    /// that destinations that failed together do not retry together.
    /// </summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var ceiling = Math.Min(options.InitialRetryDelay.Ticks * Math.Pow(2, exponent), options.MaxRetryDelay.Ticks);
        var jittered = (ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2);
        return TimeSpan.FromTicks((long)jittered);
    }

    /// <summary>Arms the timer for the next due work and keeps the reminder while any work is pending.</summary>
    private async Task ScheduleAsync()
    {
        var pending = ScheduleWake();

        if (pending && reminderRegistered != true)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
            reminderRegistered = true;
        }
        else if (!pending && reminderRegistered != false)
        {
            var reminder = await this.GetReminder(ReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            reminderRegistered = false;
        }
    }

    /// <summary>Arms or disarms the timer; returns whether any work is pending.</summary>
    private bool ScheduleWake()
    {
        DateTimeOffset? next = null;
        if (State.Config is not null)
        {
            if (State.Queue.Count > 0)
            {
                next = State.Queue[0].NextAttemptAt;
            }

            foreach (var window in State.Windows)
            {
                next = next is null || window.ClosesAt < next ? window.ClosesAt : next;
            }
        }

        if (next is null)
        {
            wakeTimer?.Dispose();
            wakeTimer = null;
            return false;
        }

        var due = next.Value - timeProvider.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (wakeTimer is null)
        {
            wakeTimer = this.RegisterGrainTimer(
                WakeAsync,
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            wakeTimer.Change(due, Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    private DestinationEndpoint? Decrypt(DestinationConfig config)
    {
        try
        {
            var secret = config.SecretProtected is null ? null : protector.Unprotect(AlertSecretPurposes.DestinationSecret, config.SecretProtected);
            var password = config.SmtpPasswordProtected is null ? null : protector.Unprotect(AlertSecretPurposes.SmtpPassword, config.SmtpPasswordProtected);
            return new DestinationEndpoint(config, CurrentUrl(config), secret, password);
        }
        catch (CryptographicException exception)
        {
            // The deliveries stay queued: they go out once the right key is configured.
            AlertLog.SecretUnreadable(logger, exception, Id);
            State.LastError = "The destination's secret could not be decrypted with the configured encryption key.";
            return null;
        }
    }

    private static PendingDelivery FromWindow(CoalescingWindow window, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Action = DeliveryActions.NewEvent,
        Honeytoken = window.Honeytoken,
        FirstEvent = window.FirstEvent,
        LastEvent = window.LastEvent,
        EventCount = window.EventCount,
        NoticedAt = window.OpenedAt,
        NextAttemptAt = now,
    };

    /// <summary>
    /// Stores the URL. A Slack-compatible webhook URL is itself the credential, so it is
    /// encrypted, and only its scheme and host are kept readable.
    /// </summary>
    private void ApplyUrl(DestinationConfig config, string? url)
    {
        if (config.Type == DestinationType.Slack && url is not null)
        {
            config.UrlProtected = protector.Protect(AlertSecretPurposes.SlackUrl, url);
            config.Url = new Uri(url).GetLeftPart(UriPartial.Authority) + "/" + MaskedSecret;
            return;
        }

        config.UrlProtected = null;
        config.Url = url;
    }

    private string? CurrentUrl(DestinationConfig config) =>
        config.UrlProtected is null ? config.Url : protector.Unprotect(AlertSecretPurposes.SlackUrl, config.UrlProtected);

    private void ApplySmtp(DestinationConfig config, SmtpSettings? smtp)
    {
        config.SmtpHost = smtp?.Host;
        config.SmtpPort = smtp?.Port ?? 587;
        config.SmtpUsername = smtp?.Username;
        config.SmtpPasswordProtected = smtp?.Password is null ? null : protector.Protect(AlertSecretPurposes.SmtpPassword, smtp.Password);
        config.SmtpFrom = smtp?.From;
        config.SmtpTo = smtp is null ? [] : [.. smtp.To];
    }

    // Without the password, which callers mask or keep as it is.
    private static SmtpSettings? CurrentSmtp(DestinationConfig config) => config.SmtpHost is null
        ? null
        : new SmtpSettings
        {
            Host = config.SmtpHost,
            Port = config.SmtpPort,
            Username = config.SmtpUsername,
            From = config.SmtpFrom ?? "",
            To = config.SmtpTo,
        };

    private int PendingCount() => State.Queue.Count + State.Windows.Count;

    private bool IsFailing(DateTimeOffset now) => State.FailingSince is { } since && now - since >= options.FailingAfter;

    private DestinationHealth Health()
    {
        var now = timeProvider.GetUtcNow();
        var status = IsFailing(now) ? DestinationStatus.Failing
            : State.FailingSince is not null ? DestinationStatus.Retrying
            : State.LastSuccessAt is not null ? DestinationStatus.Ok
            : DestinationStatus.Idle;

        return new DestinationHealth
        {
            Id = Id,
            Name = State.Config?.Name ?? "",
            Status = status,
            FailingSince = State.FailingSince,
            LastSuccessAt = State.LastSuccessAt,
            LastError = State.LastError,
            PendingDeliveries = PendingCount(),
        };
    }

    private DestinationView View()
    {
        var config = State.Config!;
        var smtp = CurrentSmtp(config);
        if (smtp is not null && config.SmtpPasswordProtected is not null)
        {
            smtp = smtp with { Password = MaskedSecret };
        }

        return new DestinationView
        {
            Id = Id,
            Type = config.Type,
            Name = config.Name,
            Url = config.Url,
            SecretMasked = config.SecretProtected is null ? null : MaskedSecret,
            Smtp = smtp,
            AllowPrivateNetwork = config.AllowPrivateNetwork,
            CoalesceWindow = config.CoalesceWindow ?? options.DefaultCoalesceWindow,
            CreatedAt = config.CreatedAt,
            Health = Health(),
            PendingDeliveries = PendingCount(),
            RecentAttempts = [.. State.RecentAttempts],
        };
    }

    // A fixed mask, because even the last characters of a short HMAC key narrow a guess.
    private const string MaskedSecret = "********";
}

/// <summary>The purposes under which alert secrets are encrypted, so that one cannot be decrypted as another.</summary>
public static class AlertSecretPurposes
{
    public const string DestinationSecret = "alerts.destination-secret";

    public const string SmtpPassword = "alerts.smtp-password";

    public const string SlackUrl = "alerts.slack-url";
}
