using System.Globalization;

namespace Honeytoken.AwsEmulator.Signing;

/// <summary>
/// The SigV4 values a request carries, from the <c>Authorization</c> header or from the
/// <c>X-Amz-*</c> query parameters of a presigned URL.
/// </summary>
public sealed record SigV4Authorization(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    DateTimeOffset SignedAt,
    bool Presigned)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Credential scope, <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    /// <summary>
    /// Parses the request's SigV4 values. Returns null when the request carries none, and
    /// throws <see cref="FormatException"/> when they are malformed.
    /// </summary>
    public static SigV4Authorization? Parse(SignedRequest request, IReadOnlyDictionary<string, string> query)
    {
        var header = request.Header("Authorization");
        if (header is not null)
        {
            return ParseHeader(header, request.Header("X-Amz-Date") ?? request.Header("Date"));
        }

        if (query.TryGetValue("X-Amz-Algorithm", out var algorithm))
        {
            if (algorithm != Algorithm)
            {
                throw new FormatException($"Unsupported X-Amz-Algorithm '{algorithm}'; only {Algorithm} is supported.");
            }

            return FromParts(
                Required(query, "X-Amz-Credential"),
                Required(query, "X-Amz-SignedHeaders"),
                Required(query, "X-Amz-Signature"),
                Required(query, "X-Amz-Date"),
                presigned: true);
        }

        return null;
    }

    private static SigV4Authorization ParseHeader(string header, string? amzDate)
    {
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new FormatException($"Authorization header must start with '{Algorithm} '.");
        }

        var fields = header[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

        if (amzDate is null)
        {
            throw new FormatException("The request carries no X-Amz-Date header.");
        }

        return FromParts(
            Required(fields, "Credential"),
            Required(fields, "SignedHeaders"),
            Required(fields, "Signature"),
            amzDate,
            presigned: false);
    }

    private static SigV4Authorization FromParts(string credential, string signedHeaders, string signature, string amzDate, bool presigned)
    {
        // The access key id cannot contain '/', so the last four parts are the scope.
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request")
        {
            throw new FormatException($"Credential '{credential}' is not of the form key/date/region/service/aws4_request.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw new FormatException($"X-Amz-Date '{amzDate}' is not of the form yyyyMMddTHHmmssZ.");
        }

        return new SigV4Authorization(
            parts[0], parts[1], parts[2], parts[3],
            signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries),
            signature, signedAt, presigned);
    }

    private static string Required(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"SigV4 field '{name}' is missing.");
}
