namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The outcome of verifying an SNS message.</summary>
/// <param name="Reason">Why the message was rejected, or <see cref="SnsRejectionReason.None"/>.</param>
/// <param name="Detail">A sentence that names the failing value, for the log, or null when accepted.</param>
public readonly record struct SnsVerificationResult(SnsRejectionReason Reason, string? Detail)
{
    /// <summary>The result for a verified message.</summary>
    public static SnsVerificationResult Verified => new(SnsRejectionReason.None, null);

    /// <summary>Whether the message was verified.</summary>
    public bool IsVerified => Reason == SnsRejectionReason.None;

    /// <summary>Creates a rejection.</summary>
    public static SnsVerificationResult Reject(SnsRejectionReason reason, string detail) => new(reason, detail);
}
