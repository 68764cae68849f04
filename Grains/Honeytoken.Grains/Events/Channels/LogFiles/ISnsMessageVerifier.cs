namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Verifies that an SNS message comes from the configured topic and was signed by SNS.</summary>
public interface ISnsMessageVerifier
{
    /// <summary>Verifies <paramref name="message"/>.</summary>
    Task<SnsVerificationResult> VerifyAsync(SnsMessage message, CancellationToken cancellationToken);
}
