namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Why an SNS message was rejected.</summary>
public enum SnsRejectionReason
{
    /// <summary>The message was accepted.</summary>
    None,

    /// <summary>The body is not an SNS message: not JSON, a field that is not a string, or a repeated field.</summary>
    InvalidBody,

    /// <summary>The <c>Type</c> is missing or unknown.</summary>
    UnknownType,

    /// <summary>A field that the signature covers, or the signature itself, is missing.</summary>
    MissingField,

    /// <summary>The <c>TopicArn</c> is not the configured topic.</summary>
    WrongTopic,

    /// <summary>The <c>SigningCertURL</c> is not HTTPS on an allowed host.</summary>
    CertificateUrlNotAllowed,

    /// <summary>The <c>Timestamp</c> is not a date.</summary>
    InvalidTimestamp,

    /// <summary>The message is older than the configured maximum age, or dated in the future.</summary>
    MessageTooOld,

    /// <summary>The <c>SignatureVersion</c> is neither 1 nor 2.</summary>
    UnsupportedSignatureVersion,

    /// <summary>The <c>Signature</c> is not valid base64.</summary>
    SignatureNotBase64,

    /// <summary>The signing certificate could not be downloaded or read.</summary>
    CertificateUnavailable,

    /// <summary>The signing certificate was not valid at the message's time.</summary>
    CertificateNotValidAtMessageTime,

    /// <summary>The signature does not match the message.</summary>
    SignatureInvalid,

    /// <summary>The <c>SubscribeURL</c> of a subscription confirmation is not HTTPS on an allowed host.</summary>
    SubscribeUrlNotAllowed,
}
