using Honeytoken.Grains.Alerts;

namespace Honeytoken.Grains.Tests.Alerts;

/// <summary>The start-up validation of the <c>Honeytoken:Alerts:Outbox</c> settings.</summary>
public sealed class AlertOutboxOptionsTests
{
    private readonly AlertOutboxOptionsValidator validator = new();

    [Theory]
    [InlineData("00:01:00", "00:02:00", 100)]
    [InlineData("00:00:00.500", "00:00:10", 1)]
    [InlineData("01:00:00", "1.00:00:00", 10_000)]
    public void Validator_AcceptsValidSettings(string sweepInterval, string gracePeriod, int batchSize)
    {
        var result = validator.Validate(null, Options(sweepInterval, gracePeriod, batchSize));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("00:00:00", "00:02:00", 100, "Honeytoken:Alerts:Outbox:SweepInterval")]
    [InlineData("-00:00:01", "00:02:00", 100, "Honeytoken:Alerts:Outbox:SweepInterval")]
    [InlineData("00:01:00", "00:00:00", 100, "Honeytoken:Alerts:Outbox:GracePeriod")]
    [InlineData("00:01:00", "00:02:00", 0, "Honeytoken:Alerts:Outbox:BatchSize")]
    [InlineData("00:01:00", "00:02:00", 10_001, "Honeytoken:Alerts:Outbox:BatchSize")]
    public void Validator_RejectsInvalidSetting(string sweepInterval, string gracePeriod, int batchSize, string setting)
    {
        var result = validator.Validate(null, Options(sweepInterval, gracePeriod, batchSize));

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var result = validator.Validate(null, new AlertOutboxOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static AlertOutboxOptions Options(string sweepInterval, string gracePeriod, int batchSize) => new()
    {
        SweepInterval = TimeSpan.Parse(sweepInterval, System.Globalization.CultureInfo.InvariantCulture),
        GracePeriod = TimeSpan.Parse(gracePeriod, System.Globalization.CultureInfo.InvariantCulture),
        BatchSize = batchSize,
    };
}
