using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.AwsEmulator.Tests.Infrastructure;

/// <summary>
/// Verifies SNS message signatures the way an SNS subscriber does. It follows the SNS
/// documentation page "Verifying the signatures of Amazon SNS messages" and shares no code
/// with the emulator's signer. It fetches the certificate from SigningCertURL, builds the
/// string to sign from the message's fields, and checks the RSA signature with SHA-1 or SHA-256.
/// </summary>
public static class SnsSignature
{
    public static async Task<bool> VerifyAsync(JsonObject message)
    {
        using var http = new HttpClient();
        var pem = await http.GetStringAsync(message["SigningCertURL"]!.GetValue<string>());
        using var certificate = X509Certificate2.CreateFromPem(pem);
        using var rsa = certificate.GetRSAPublicKey()!;

        var type = message["Type"]!.GetValue<string>();
        var fields = type == "Notification"
            ? new[] { "Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type" }
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            if (message[field] is { } value)
            {
                text.Append(field).Append('\n').Append(value.GetValue<string>()).Append('\n');
            }
        }

        var hash = message["SignatureVersion"]!.GetValue<string>() == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        var signature = Convert.FromBase64String(message["Signature"]!.GetValue<string>());
        return rsa.VerifyData(Encoding.UTF8.GetBytes(text.ToString()), signature, hash, RSASignaturePadding.Pkcs1);
    }
}
