using Honeytoken.Grains.Events.Channels.LogFiles;

namespace Honeytoken.Events.Tests;

/// <summary>A verifier that accepts every message, for samples whose signatures cannot verify.</summary>
internal sealed class AcceptingVerifier : ISnsMessageVerifier
{
    public Task<SnsVerificationResult> VerifyAsync(SnsMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(SnsVerificationResult.Verified);
}
