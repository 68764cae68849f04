namespace Honeytoken.AwsEmulator.State;

/// <summary>The RSA key pair and self-signed certificate that sign SNS messages.</summary>
public sealed class SnsSigningKeyState
{
    public required string CertificatePem { get; set; }

    public required string PrivateKeyPem { get; set; }
}
