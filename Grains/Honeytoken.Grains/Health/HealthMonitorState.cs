namespace Honeytoken.Grains.Health;

/// <summary>The durable state of <see cref="HealthMonitorGrain"/>.</summary>
[GenerateSerializer, Alias("honeytoken.health.monitor-state.v1")]
public sealed class HealthMonitorState
{
    /// <summary>Runs of the AWS-access check, oldest first, at most <see cref="HealthCheckOptions.HistoryLength"/>.</summary>
    [Id(0)] public List<CheckRun> AwsAccessHistory { get; set; } = [];

    /// <summary>Runs of the reception check, oldest first, at most <see cref="HealthCheckOptions.HistoryLength"/>.</summary>
    [Id(1)] public List<CheckRun> ReceptionHistory { get; set; } = [];

    [Id(2)] public ProbeKeyState? ProbeKey { get; set; }

    /// <summary>The probe calls still watched, oldest first.</summary>
    [Id(3)] public List<ProbeCall> Probes { get; set; } = [];

    /// <summary>The last probe event received per channel name of <c>EventChannels</c>.</summary>
    [Id(4)] public Dictionary<string, ProbeEventObservation> LastEvents { get; set; } = [];

    [Id(5)] public DateTimeOffset? LastReceptionRunAt { get; set; }

    [Id(6)] public DateTimeOffset? NextReceptionRunAt { get; set; }

    /// <summary>The outcome of the last probe call, or of creating the probe key.</summary>
    [Id(7)] public SubCheckResult? LastProbeCall { get; set; }

    /// <summary>The period the reception reminder was registered with, so that a changed setting updates it.</summary>
    [Id(8)] public TimeSpan? RegisteredReceptionPeriod { get; set; }
}

/// <summary>The key that the reception check signs its probe call with. Never a honeytoken.</summary>
[GenerateSerializer, Alias("honeytoken.health.probe-key.v1")]
public sealed class ProbeKeyState
{
    [Id(0)] public string AccountId { get; set; } = "";

    [Id(1)] public string UserName { get; set; } = "";

    [Id(2)] public string AccessKeyId { get; set; } = "";

    /// <summary>The secret access key, encrypted by the secret protector.</summary>
    [Id(3)] public byte[] SecretProtected { get; set; } = [];

    /// <summary>The management role the key was made under. A configuration with another role gets a new key.</summary>
    [Id(4)] public string ManagementRoleArn { get; set; } = "";

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One signed call of the probe key and when each channel delivered its event.</summary>
[GenerateSerializer, Alias("honeytoken.health.probe-call.v1")]
public sealed class ProbeCall
{
    /// <summary>The AWS request id, which CloudTrail records as <c>requestID</c>.</summary>
    [Id(0)] public string RequestId { get; set; } = "";

    [Id(1)] public DateTimeOffset CalledAt { get; set; }

    /// <summary>When the service received the event, per channel name of <c>EventChannels</c>.</summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> ReceivedAt { get; set; } = [];
}
