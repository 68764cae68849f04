using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Signing;

/// <summary>
/// Signs SNS messages as SNS does: the canonical string of the message's fields, signed
/// with RSA using SHA-1 (SignatureVersion 1) or SHA-256 (SignatureVersion 2), base64
/// encoded. The certificate is the emulator's own, created on first use and kept in the
/// state so that signatures stay verifiable across restarts.
/// </summary>
public sealed class SnsMessageSigner
{
    private readonly RSA privateKey;

    public SnsMessageSigner(EmulatorState state, TimeProvider timeProvider)
    {
        lock (state.Gate)
        {
            state.SnsSigningKey ??= CreateKey(timeProvider.GetUtcNow());
            CertificatePem = state.SnsSigningKey.CertificatePem;
            privateKey = RSA.Create();
            privateKey.ImportFromPem(state.SnsSigningKey.PrivateKeyPem);
        }
    }

    /// <summary>PEM of the certificate served at the messages' <c>SigningCertURL</c>.</summary>
    public string CertificatePem { get; }

    /// <summary>
    /// Builds the string that SNS signs: each present field's name and value on their own
    /// lines, in the fixed order of the message type, each line ending in a newline.
    /// </summary>
    public static string StringToSign(IReadOnlyDictionary<string, string> message)
    {
        var type = message["Type"];
        string[] fields = type == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            if (message.TryGetValue(field, out var value))
            {
                builder.Append(field).Append('\n').Append(value).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>Returns the base64 signature of the message for SignatureVersion "1" or "2".</summary>
    public string Sign(IReadOnlyDictionary<string, string> message, string signatureVersion)
    {
        var hash = signatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => throw new ArgumentOutOfRangeException(nameof(signatureVersion), signatureVersion, "SNS signature versions are \"1\" and \"2\"."),
        };
        var data = Encoding.UTF8.GetBytes(StringToSign(message));
        return Convert.ToBase64String(privateKey.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    private static SnsSigningKeyState CreateKey(DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sns.emulator.honeytoken.local", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return new SnsSigningKeyState
        {
            CertificatePem = certificate.ExportCertificatePem(),
            PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
        };
    }
}
