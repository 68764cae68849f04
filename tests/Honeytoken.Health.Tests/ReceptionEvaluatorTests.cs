using Honeytoken.Grains.Events;
using Honeytoken.Grains.Health;

namespace Honeytoken.Health.Tests;

/// <summary>How the newest judgeable probe call decides each channel's status.</summary>
public sealed class ReceptionEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly HealthCheckOptions Options = new();

    [Fact]
    public void Evaluate_NoProbe_Pending()
    {
        var channels = ReceptionEvaluator.Evaluate([], new Dictionary<string, ProbeEventObservation>(), Options, Start);

        Assert.All(channels, channel => Assert.Equal(HealthStatus.Pending, channel.Status));
    }

    [Fact]
    public void Evaluate_RealTimeArrivedLate_Degraded()
    {
        var probe = Probe(Start, (EventChannels.RealTime, Start + TimeSpan.FromMinutes(2)));

        var realTime = Evaluate([probe], Start + TimeSpan.FromMinutes(3))[0];

        Assert.Equal(HealthStatus.Degraded, realTime.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), realTime.Latency);
    }

    [Fact]
    public void Evaluate_MissingPastThresholdAfterArrival_Failing()
    {
        var arrived = Probe(Start, (EventChannels.RealTime, Start + TimeSpan.FromSeconds(2)));
        var missing = Probe(Start + TimeSpan.FromMinutes(10));
        var pending = Probe(Start + TimeSpan.FromMinutes(20));

        var realTime = Evaluate([arrived, missing, pending], Start + TimeSpan.FromMinutes(20.5))[0];

        Assert.Equal(HealthStatus.Failing, realTime.Status);
        Assert.Contains(missing.RequestId, realTime.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NewestArrivedWithinThreshold_Ok()
    {
        var missing = Probe(Start);
        var arrived = Probe(Start + TimeSpan.FromMinutes(10), (EventChannels.RealTime, Start + TimeSpan.FromMinutes(10.1)));

        var realTime = Evaluate([missing, arrived], Start + TimeSpan.FromMinutes(11))[0];

        Assert.Equal(HealthStatus.Ok, realTime.Status);
    }

    [Fact]
    public void Evaluate_LogFileOnlyByCatchUp_DegradedNamingSns()
    {
        var probe = Probe(Start, (EventChannels.CatchUp, Start + TimeSpan.FromMinutes(12)));

        var logFiles = Evaluate([probe], Start + TimeSpan.FromMinutes(13))[1];

        Assert.Equal(HealthStatus.Degraded, logFiles.Status);
        Assert.Contains("SNS notification did not arrive", logFiles.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LogFileNotifiedAfterCatchUp_Ok()
    {
        var probe = Probe(Start, (EventChannels.CatchUp, Start + TimeSpan.FromMinutes(6)), (EventChannels.LogFile, Start + TimeSpan.FromMinutes(7)));

        var logFiles = Evaluate([probe], Start + TimeSpan.FromMinutes(8))[1];

        Assert.Equal(HealthStatus.Ok, logFiles.Status);
        Assert.Equal(TimeSpan.FromMinutes(7), logFiles.Latency);
    }

    private static IReadOnlyList<ChannelReception> Evaluate(IReadOnlyList<ProbeCall> probes, DateTimeOffset now) =>
        ReceptionEvaluator.Evaluate(probes, new Dictionary<string, ProbeEventObservation>(), Options, now);

    private static ProbeCall Probe(DateTimeOffset calledAt, params (string Channel, DateTimeOffset At)[] received) => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        CalledAt = calledAt,
        ReceivedAt = received.ToDictionary(item => item.Channel, item => item.At),
    };
}
