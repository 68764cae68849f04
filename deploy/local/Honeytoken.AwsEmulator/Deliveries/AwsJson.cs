using System.Text.Encodings.Web;
using System.Text.Json;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>JSON settings for documents AWS writes, which keep '+', '&lt;' and non-ASCII characters unescaped.</summary>
public static class AwsJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
