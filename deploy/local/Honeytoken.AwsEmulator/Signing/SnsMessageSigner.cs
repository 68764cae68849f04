using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Signing;

/// <summary>
/// Signs SNS messages as SNS does: the canonical string of the message's fields, signed
/// with RSA using SHA-1 (SignatureVersion 1) or SHA-256 (SignatureVersion 2), base64
/// encoded. The certificate is the emulator's own, created on first use (or taken from
/// <see cref="AwsEmulatorOptions.SnsSigningKey"/>) and kept in the state so that
/// signatures stay verifiable across restarts.
/// </summary>
public sealed class SnsMessageSigner(EmulatorState state, AwsEmulatorOptions options, TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private RSA? privateKey;
    private string? certificatePem;

    /// <summary>PEM of the certificate served at the messages' <c>SigningCertURL</c>.</summary>
    public string CertificatePem
    {
        get
        {
            EnsureKey();
            return certificatePem!;
        }
    }

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
        EnsureKey();
        var data = Encoding.UTF8.GetBytes(StringToSign(message));
        return Convert.ToBase64String(privateKey!.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Creates a key pair and self-signed certificate for <see cref="AwsEmulatorOptions.SnsSigningKey"/>.</summary>
    public static SnsSigningKeyState CreateKey(DateTimeOffset now)
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

    // Generating an RSA key takes seconds on slow machines, so it happens on first use.
    private void EnsureKey()
    {
        lock (gate)
        {
            if (privateKey is not null)
            {
                return;
            }

            SnsSigningKeyState key;
            lock (state.Gate)
            {
                state.SnsSigningKey ??= options.SnsSigningKey ?? CreateKey(timeProvider.GetUtcNow());
                key = state.SnsSigningKey;
            }

            var rsa = RSA.Create();
            rsa.ImportFromPem(key.PrivateKeyPem);
            certificatePem = key.CertificatePem;
            privateKey = rsa;
        }
    }
}
