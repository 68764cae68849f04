using System.Security.Cryptography;
using System.Web;
using Honeytoken.AwsEmulator.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// Reads an incoming request into the form SigV4 signs: the raw path and query as the
/// client sent them, including absolute-form targets (<c>GET http://host/path</c>) that
/// clients send when the emulator is their HTTP proxy.
/// </summary>
public static class RequestReader
{
    public static async Task<(SignedRequest Signed, byte[] Body, Dictionary<string, string> Parameters)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();

        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        var (rawPath, rawQuery) = SplitTarget(rawTarget);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        var payloadHash = http.Request.Headers["x-amz-content-sha256"].FirstOrDefault()
            ?? Convert.ToHexStringLower(SHA256.HashData(body));

        var parameters = ParseQuery(rawQuery);
        var isForm = http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (isForm && body.Length > 0)
        {
            foreach (var (name, value) in ParseQuery(System.Text.Encoding.UTF8.GetString(body)))
            {
                parameters[name] = value;
            }
        }

        return (new SignedRequest(http.Request.Method, rawPath, rawQuery, headers, payloadHash), body, parameters);
    }

    private static (string Path, string Query) SplitTarget(string rawTarget)
    {
        var target = rawTarget;
        var schemeEnd = target.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && !target.StartsWith('/'))
        {
            var pathStart = target.IndexOf('/', schemeEnd + 3);
            target = pathStart < 0 ? "/" : target[pathStart..];
        }

        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0 ? (target, "") : (target[..queryStart], target[(queryStart + 1)..]);
    }

    /// <summary>Decodes <c>name=value&amp;…</c> pairs; a repeated name keeps its last value.</summary>
    public static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = pair.Split('=', 2);
            result[HttpUtility.UrlDecode(split[0])] = split.Length == 2 ? HttpUtility.UrlDecode(split[1]) : "";
        }

        return result;
    }
}
