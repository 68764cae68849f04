using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Verifies that an SNS message comes from the configured topic and was signed by SNS.
/// </summary>
/// <remarks>
/// Every check that needs no network runs before the certificate is downloaded. These are the
/// type, the topic, the certificate URL (HTTPS on an allowed host), the age, the signature
/// version and the base64 of the signature. Only then is the certificate fetched (through <see cref="SnsCertificateCache"/>) and the RSA signature
/// checked with SHA-1 for version 1 or SHA-256 for version 2.
/// <para>
/// The certificate's chain is not validated: it was downloaded over HTTPS from an SNS host,
/// which is what authenticates it. Its validity period is checked at the message's timestamp.
/// </para>
/// </remarks>
public sealed class SnsMessageVerifier(
    SnsVerificationOptions options,
    SnsCertificateCache certificates,
    TimeProvider timeProvider,
    ILogger<SnsMessageVerifier> logger) : ISnsMessageVerifier
{
    // SNS stamps messages with its own clock, so this much skew is allowed before a message counts as future-dated.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private readonly SnsUrlPolicy _urlPolicy = new(options);

    /// <summary>Verifies <paramref name="message"/> and logs the reason of a rejection.</summary>
    public async Task<SnsVerificationResult> VerifyAsync(SnsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var result = await CheckAsync(message, cancellationToken);
        if (!result.IsVerified)
        {
            SnsMessageVerifierLog.MessageRejected(logger, message.MessageId, message.TopicArn, result.Reason, result.Detail);
        }

        return result;
    }

    private async Task<SnsVerificationResult> CheckAsync(SnsMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == SnsMessageType.Unknown)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.UnknownType, $"The message type '{message.TypeName}' is not an SNS HTTP message type.");
        }

        if (!string.Equals(message.TopicArn, options.TopicArn, StringComparison.Ordinal))
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.WrongTopic, $"The topic '{message.TopicArn}' is not the configured topic '{options.TopicArn}'.");
        }

        if (!_urlPolicy.IsAllowed(message.SigningCertUrl, out var urlProblem))
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.CertificateUrlNotAllowed, "The signing certificate URL is not allowed: " + urlProblem);
        }

        var timestampCheck = CheckTimestamp(message.Timestamp, out var timestamp);
        if (!timestampCheck.IsVerified)
        {
            return timestampCheck;
        }

        var hash = message.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => default,
        };
        if (hash == default)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.UnsupportedSignatureVersion, $"The signature version '{message.SignatureVersion}' is not 1 or 2.");
        }

        var signature = DecodeSignature(message.Signature);
        if (signature is null)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.SignatureNotBase64, "The signature is missing or is not valid base64.");
        }

        var stringToSign = SnsStringToSign.Build(message);
        if (stringToSign is null)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.MissingField, $"A field that a {message.TypeName} message signs is missing.");
        }

        return await CheckSignatureAsync(message, stringToSign, signature, hash, timestamp, cancellationToken);
    }

    private SnsVerificationResult CheckTimestamp(string? text, out DateTimeOffset timestamp)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.InvalidTimestamp, $"The timestamp '{text}' is not a date.");
        }

        var age = timeProvider.GetUtcNow() - timestamp;
        if (age > options.MaxMessageAge)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.MessageTooOld, $"The message is {age} old, more than the maximum {options.MaxMessageAge}.");
        }

        if (age < -AllowedClockSkew)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.MessageTooOld, $"The message is dated {-age} in the future.");
        }

        return SnsVerificationResult.Verified;
    }

    private async Task<SnsVerificationResult> CheckSignatureAsync(
        SnsMessage message,
        string stringToSign,
        byte[] signature,
        HashAlgorithmName hash,
        DateTimeOffset timestamp,
        CancellationToken cancellationToken)
    {
        var url = new Uri(message.SigningCertUrl!);
        X509Certificate2 certificate;
        try
        {
            certificate = await certificates.GetAsync(url, cancellationToken);
        }
        catch (Exception exception) when (IsDownloadFailure(exception, cancellationToken))
        {
            SnsMessageVerifierLog.CertificateDownloadFailed(logger, url.AbsoluteUri, message.MessageId, exception);
            return SnsVerificationResult.Reject(SnsRejectionReason.CertificateUnavailable, $"The certificate at '{url}' could not be downloaded or read: {exception.Message}");
        }

        if (timestamp.UtcDateTime < certificate.NotBefore.ToUniversalTime() || timestamp.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.CertificateNotValidAtMessageTime, $"The certificate at '{url}' is valid from {certificate.NotBefore:O} to {certificate.NotAfter:O}, not at {timestamp:O}.");
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return SnsVerificationResult.Reject(SnsRejectionReason.CertificateUnavailable, $"The certificate at '{url}' has no RSA public key.");
        }

        var data = Encoding.UTF8.GetBytes(stringToSign);
        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1)
            ? SnsVerificationResult.Verified
            : SnsVerificationResult.Reject(SnsRejectionReason.SignatureInvalid, "The signature does not match the message.");
    }

    private static byte[]? DecodeSignature(string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return null;
        }

        var buffer = new byte[signature.Length * 3 / 4];
        return Convert.TryFromBase64String(signature, buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsDownloadFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException or CryptographicException or TimeoutException or InvalidOperationException => true,
        _ => false,
    };
}
