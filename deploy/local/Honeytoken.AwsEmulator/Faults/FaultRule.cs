namespace Honeytoken.AwsEmulator.Faults;

/// <summary>
/// Injects an error into calls of one API. <see cref="Api"/> is <c>service:Action</c>
/// (<c>iam:ListUsers</c>), <c>service:*</c>, or <c>*</c> for every call.
/// </summary>
public sealed record FaultRule
{
    public string Api { get; init; } = "*";

    /// <summary>Probability, from 0 to 1, that a matching call fails.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Maximum number of calls this rule fails; null for no limit.</summary>
    public int? Count { get; init; }

    /// <summary>True when the rule covers calls of <paramref name="service"/>:<paramref name="action"/>.</summary>
    public bool Matches(string service, string action) =>
        Api == "*" || Api == $"{service}:*" || string.Equals(Api, $"{service}:{action}", StringComparison.OrdinalIgnoreCase);
}
