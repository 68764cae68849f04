using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honeytoken.Grains.Events.Channels.LogFiles;

namespace Honeytoken.Events.Tests;

/// <summary>A test signing authority: an RSA key with a self-signed certificate, signing messages as SNS does.</summary>
internal sealed class SnsSigner : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public SnsSigner(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=sns.eu-central-1.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(notBefore, notAfter);
    }

    public X509Certificate2 Certificate { get; }

    public byte[] CertificatePem => Encoding.ASCII.GetBytes(Certificate.ExportCertificatePem());

    /// <summary>Signs the message's fields, builds the body and returns it as JSON.</summary>
    public JsonObject Sign(JsonObject body, string signatureVersion)
    {
        body["SignatureVersion"] = signatureVersion;
        var message = Parse(body);
        var stringToSign = SnsStringToSign.Build(message) ?? throw new InvalidOperationException("The test message lacks a signed field.");
        var hash = signatureVersion == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        body["Signature"] = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(stringToSign), hash, RSASignaturePadding.Pkcs1));
        return body;
    }

    public static SnsMessage Parse(JsonObject body)
    {
        Assert.True(SnsMessageParser.TryParse(Encoding.UTF8.GetBytes(body.ToJsonString()), out var message, out var error), error);
        return message!;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
