namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// The emulator's own base URI, known once the server listens. SNS messages point at it for
/// their SubscribeURL, UnsubscribeURL and SigningCertURL.
/// </summary>
public sealed class EmulatorEndpoint
{
    public Uri BaseUri { get; set; } = new("http://127.0.0.1:4566/");

    /// <summary>Path of the certificate that signs SNS messages.</summary>
    public const string SigningCertificatePath = "_emulator/sns/SimpleNotificationService-emulator.pem";

    public string SigningCertUrl => new Uri(BaseUri, SigningCertificatePath).ToString();
}
