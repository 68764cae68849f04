namespace Honeytoken.Grains.Health;

/// <summary>The outcome of one step of a check, with what to do when it fails.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.sub-check.v1")]
public sealed record SubCheckResult(
    [property: Id(0)] string Name,
    [property: Id(1)] string Status,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Remediation,
    [property: Id(4)] DateTimeOffset CheckedAt);

/// <summary>One run of a check: its overall status and its sub-checks.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.check-run.v1")]
public sealed record CheckRun(
    [property: Id(0)] string Check,
    [property: Id(1)] string Status,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset FinishedAt,
    [property: Id(4)] IReadOnlyList<SubCheckResult> SubChecks);

/// <summary>
/// The reception of the probe events on one channel: the status of the latest probe that can be
/// judged, its latency, and the last probe event that the channel delivered.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.channel-reception.v1")]
public sealed record ChannelReception(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Status,
    [property: Id(2)] string Message,
    [property: Id(3)] string? Remediation,
    [property: Id(4)] TimeSpan? Latency,
    [property: Id(5)] DateTimeOffset? LastEventTime,
    [property: Id(6)] DateTimeOffset? LastReceivedAt,
    [property: Id(7)] TimeSpan DegradedAfter,
    [property: Id(8)] TimeSpan FailingAfter);

/// <summary>The "Reception of events" check: its channels, its schedule and its recent runs.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.reception.v1")]
public sealed record ReceptionReport(
    [property: Id(0)] string Status,
    [property: Id(1)] IReadOnlyList<ChannelReception> Channels,
    [property: Id(2)] SubCheckResult? ProbeCall,
    [property: Id(3)] TimeSpan Period,
    [property: Id(4)] DateTimeOffset? LastRunAt,
    [property: Id(5)] DateTimeOffset? NextRunAt,
    [property: Id(6)] string? ProbeAccessKeyId,
    [property: Id(7)] IReadOnlyList<CheckRun> History);

/// <summary>The checks one silo ran against the AWS endpoints, named by the silo.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.node-report.v1")]
public sealed record NodeReport(
    [property: Id(0)] string SiloAddress,
    [property: Id(1)] string NodeName,
    [property: Id(2)] string HostName,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset CheckedAt,
    [property: Id(5)] TimeSpan? ClockSkew,
    [property: Id(6)] IReadOnlyList<SubCheckResult> SubChecks);

/// <summary>Everything the Health Checks page shows for the Honeytoken section.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.report.v1")]
public sealed record HealthReport(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset GeneratedAt,
    [property: Id(2)] CheckRun? AwsAccess,
    [property: Id(3)] IReadOnlyList<CheckRun> AwsAccessHistory,
    [property: Id(4)] ReceptionReport EventsReception,
    [property: Id(5)] IReadOnlyList<NodeReport> Nodes,
    [property: Id(6)] IReadOnlyList<SubCheckResult> Other);

/// <summary>A CloudTrail event of the probe key, as a channel delivered it to the service.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.probe-event.v1")]
public sealed record ProbeEventObservation(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? RequestId,
    [property: Id(2)] string? EventId,
    [property: Id(3)] DateTimeOffset? EventTime,
    [property: Id(4)] DateTimeOffset ReceivedAt);

/// <summary>The outcome of a request to run a check: run, or rejected with the reason.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.health.run-result.v1")]
public sealed record RunCheckResult(
    [property: Id(0)] bool Started,
    [property: Id(1)] string? RejectionReason,
    [property: Id(2)] DateTimeOffset? NextRunAt,
    [property: Id(3)] CheckRun? Run);
