using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace Honeytoken.AwsEmulator.Signing;

/// <summary>Outcome of checking a request's SigV4 signature.</summary>
public enum SignatureCheck
{
    Valid,
    Mismatch,
    Expired,
}

/// <summary>
/// Checks SigV4 signatures against a stored secret. The canonical request is built here from
/// the request as received; AWSSDK.Core's <see cref="AWS4Signer.ComputeSignature(string, string, string, DateTime, string, string, string)"/>
/// derives the signing key and computes the HMAC, so the key derivation matches the SDK's.
/// </summary>
public sealed class SigV4Verifier(TimeProvider timeProvider)
{
    /// <summary>Maximum difference between the request's time and the emulator's clock; AWS allows 5 minutes.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Computes the signature the request should carry when signed with <paramref name="secretAccessKey"/>.</summary>
    public static string ComputeSignature(SignedRequest request, SigV4Authorization authorization, string secretAccessKey)
    {
        var canonicalRequest = CanonicalRequest.Build(request, authorization.SignedHeaders, authorization.Service, authorization.Presigned);
        var result = AWS4Signer.ComputeSignature(
            authorization.AccessKeyId,
            secretAccessKey,
            authorization.Region,
            authorization.SignedAt.UtcDateTime,
            authorization.Service,
            string.Join(';', authorization.SignedHeaders),
            canonicalRequest);
        return result.Signature;
    }

    /// <summary>Checks the signature, then the request time against the clock.</summary>
    /// <remarks>
    /// NOTE: the body is not hashed again to compare with <c>x-amz-content-sha256</c>, and a
    /// presigned URL's <c>X-Amz-Expires</c> is not enforced; only the 5-minute skew applies.
    /// </remarks>
    public SignatureCheck Verify(SignedRequest request, SigV4Authorization authorization, string secretAccessKey)
    {
        var expected = ComputeSignature(request, authorization, secretAccessKey);
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(authorization.Signature));
        if (!matches)
        {
            return SignatureCheck.Mismatch;
        }

        var skew = (timeProvider.GetUtcNow() - authorization.SignedAt).Duration();
        return skew > MaxClockSkew ? SignatureCheck.Expired : SignatureCheck.Valid;
    }
}
