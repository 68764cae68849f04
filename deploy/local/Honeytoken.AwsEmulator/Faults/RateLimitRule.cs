namespace Honeytoken.AwsEmulator.Faults;

/// <summary>
/// A request-rate ceiling on one API, as AWS throttles an account: calls above
/// <see cref="RequestsPerSecond"/> fail with the service's throttling error. <see cref="Api"/>
/// takes the same forms as in <see cref="FaultRule"/>, and one rule covers all the calls it
/// matches together, so <c>iam:*</c> is a ceiling on every IAM call of the emulator.
/// </summary>
public sealed record RateLimitRule
{
    public string Api { get; init; } = "*";

    /// <summary>Sustained calls per second that pass, from 1 to 100,000.</summary>
    public int RequestsPerSecond { get; init; } = 1;

    /// <summary>
    /// Calls that may pass at once after a quiet period, on top of the sustained rate; null
    /// for one twentieth of <see cref="RequestsPerSecond"/>, at least one call.
    /// </summary>
    public int? Burst { get; init; }

    /// <summary>True when the rule covers calls of <paramref name="service"/>:<paramref name="action"/>.</summary>
    public bool Matches(string service, string action) =>
        Api == "*" || Api == $"{service}:*" || string.Equals(Api, $"{service}:{action}", StringComparison.OrdinalIgnoreCase);
}
