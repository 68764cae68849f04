using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Health;

/// <summary>
/// The health checks of one installation: "Access to AWS resources", "Reception of events",
/// and the node checks that every silo reports.
/// </summary>
/// <remarks>
/// <para>
/// The AWS-access check runs in a turn of its own: at start and after a configuration upload
/// through a one-shot grain timer that does not interleave, and on demand in the grain call
/// itself. The reception check runs only from its reminder, so it survives any silo: each tick
/// judges the earlier probe calls, then makes a new one. The channels report the probe events
/// through <see cref="ObserveProbeEventAsync"/>, which is not interleaved either, so no two
/// turns ever write the state at once.
/// </para>
/// <para>
/// Node results are kept in memory only: each silo reports again every node-check period, and
/// a report lists only the silos that the membership table shows as active.
/// </para>
/// </remarks>
public sealed partial class HealthMonitorGrain : Grain, IHealthMonitorGrain, IRemindable
{
    private const string ReceptionReminder = "events-reception";

    private readonly IPersistentState<HealthMonitorState> state;
    private readonly SecretProtector secretProtector;
    private readonly AwsAccessCheck awsAccessCheck;
    private readonly HealthAwsClients clients;
    private readonly IEnumerable<IHealthSectionContributor> contributors;
    private readonly HealthCheckOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<HealthMonitorGrain> logger;
    private readonly Dictionary<string, NodeReport> nodes = new(StringComparer.Ordinal);

    private IGrainTimer? awsAccessTimer;

    public HealthMonitorGrain(
        [PersistentState("health", GrainStorage.Name)] IPersistentState<HealthMonitorState> state,
        SecretProtector secretProtector,
        AwsAccessCheck awsAccessCheck,
        HealthAwsClients clients,
        IEnumerable<IHealthSectionContributor> contributors,
        IOptions<HealthCheckOptions> options,
        TimeProvider timeProvider,
        ILogger<HealthMonitorGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        this.state = state;
        this.secretProtector = secretProtector;
        this.awsAccessCheck = awsAccessCheck;
        this.clients = clients;
        this.contributors = contributors;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    private string InstallationId => this.GetPrimaryKeyString();

    private HealthMonitorState Current => state.State;

    public async Task StartAsync()
    {
        var reminder = await this.GetReminder(ReceptionReminder);
        if (reminder is null || Current.RegisteredReceptionPeriod != options.ReceptionPeriod)
        {
            await this.RegisterOrUpdateReminder(ReceptionReminder, options.ReceptionPeriod, options.ReceptionPeriod);
            Current.RegisteredReceptionPeriod = options.ReceptionPeriod;
            Current.NextReceptionRunAt = timeProvider.GetUtcNow() + options.ReceptionPeriod;
            await state.WriteStateAsync();
        }

        ScheduleAwsAccessCheck();
    }

    public Task ConfigurationChangedAsync()
    {
        ScheduleAwsAccessCheck();
        return Task.CompletedTask;
    }

    public async Task<RunCheckResult> RunCheckAsync(string check)
    {
        switch (check)
        {
            case HealthCheckNames.AwsAccess:
                var run = await RunAwsAccessCheckAsync(CancellationToken.None);
                return new RunCheckResult(true, null, null, run);

            case HealthCheckNames.EventsReception:
                var next = Current.NextReceptionRunAt;
                var when = next is { } at ? $"next at {at:u}" : "first within one period after the service starts";
                return new RunCheckResult(false,
                    $"Reception of events cannot be run on demand: it is scheduled every {options.ReceptionPeriod} and runs {when}. " +
                    "Each run makes one signed AWS call and then waits for its event on every channel, which takes up to the log-file threshold.",
                    next, null);

            default:
                return new RunCheckResult(false,
                    $"There is no health check named '{check}'. Use {HealthCheckNames.AwsAccess} or {HealthCheckNames.EventsReception}.", null, null);
        }
    }

    public Task ReportNodeAsync(NodeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        nodes[report.SiloAddress] = report;
        return Task.CompletedTask;
    }

    public async Task<HealthReport> GetReportAsync()
    {
        var now = timeProvider.GetUtcNow();
        var configured = await GrainFactory.GetGrain<ITenantSetupGrain>(InstallationId).GetConfigurationAsync() is not null;
        var nodeReports = await ActiveNodesAsync(now);
        var reception = BuildReceptionReport(now, configured);
        var awsAccess = Current.AwsAccessHistory.LastOrDefault();

        var other = new List<SubCheckResult>();
        foreach (var contributor in contributors)
        {
            other.AddRange(await contributor.GetResultsAsync(InstallationId, CancellationToken.None));
        }

        var status = configured
            ? HealthStatus.Worst(new[] { awsAccess?.Status ?? HealthStatus.Pending, reception.Status }
                .Concat(nodeReports.Select(node => node.Status))
                .Concat(other.Select(result => result.Status)))
            : HealthStatus.NotConfigured;

        return new HealthReport(status, now, awsAccess, Current.AwsAccessHistory.ToList(), reception, nodeReports, other);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReceptionReminder)
        {
            return;
        }

        try
        {
            await RunReceptionAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The next tick tries again; the reminder must not be left with an unobserved failure.
            HealthLog.ReceptionRunFailed(logger, InstallationId, exception);
        }
    }

    private void ScheduleAwsAccessCheck()
    {
        awsAccessTimer?.Dispose();

        // The run ignores the timer's token: disposing the timer, as the next upload does, cancels
        // it, and a check cut short would be stored as failing. The AWS clients' time-outs bound it.
        awsAccessTimer = this.RegisterGrainTimer(
            _ => RunAwsAccessCheckAsync(CancellationToken.None),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task<CheckRun?> RunAwsAccessCheckAsync(CancellationToken cancellationToken)
    {
        var configuration = await GrainFactory.GetGrain<ITenantSetupGrain>(InstallationId).GetConfigurationAsync();
        if (configuration is null)
        {
            return null;
        }

        HealthLog.CheckStarted(logger, HealthCheckNames.AwsAccess, InstallationId);
        var startedAt = timeProvider.GetUtcNow();
        var subChecks = await awsAccessCheck.RunAsync(configuration, cancellationToken);
        var run = new CheckRun(HealthCheckNames.AwsAccess, HealthStatus.Worst(subChecks.Select(result => result.Status)), startedAt, timeProvider.GetUtcNow(), subChecks);

        Append(Current.AwsAccessHistory, run);
        await state.WriteStateAsync();
        HealthLog.CheckFinished(logger, HealthCheckNames.AwsAccess, InstallationId, run.Status);
        return run;
    }

    private async Task<IReadOnlyList<NodeReport>> ActiveNodesAsync(DateTimeOffset now)
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var active = hosts.Keys.ToDictionary(silo => silo.ToParsableString(), StringComparer.Ordinal);

        foreach (var gone in nodes.Keys.Where(address => !active.ContainsKey(address)).ToList())
        {
            nodes.Remove(gone);
            HealthLog.NodeDropped(logger, gone);
        }

        return active.Keys
            .Select(address => nodes.TryGetValue(address, out var report)
                ? report
                : new NodeReport(address, address, "", HealthStatus.Pending, now, null,
                    [new SubCheckResult("report", HealthStatus.Pending, "This silo has not reported its node checks yet.", null, now)]))
            .OrderBy(report => report.NodeName, StringComparer.Ordinal)
            .ToList();
    }

    private void Append(List<CheckRun> history, CheckRun run)
    {
        history.Add(run);
        if (history.Count > options.HistoryLength)
        {
            history.RemoveRange(0, history.Count - options.HistoryLength);
        }
    }
}
