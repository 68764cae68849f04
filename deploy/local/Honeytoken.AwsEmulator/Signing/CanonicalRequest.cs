using System.Text;

namespace Honeytoken.AwsEmulator.Signing;

/// <summary>
/// Builds the SigV4 canonical request from a request as received. For every service except
/// S3 the URI path is normalized and each segment encoded once more. Query parameters are
/// sorted by encoded name, then value. Header values are trimmed, inner runs of spaces
/// collapse to one, and a header repeated on the wire has its values joined with commas.
/// </summary>
public static class CanonicalRequest
{
    /// <summary>Builds the canonical request for the headers that <paramref name="signedHeaders"/> names.</summary>
    public static string Build(SignedRequest request, IReadOnlyList<string> signedHeaders, string service, bool presigned)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalPath(request.RawPath, service)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery, presigned)).Append('\n');

        foreach (var name in signedHeaders)
        {
            var values = request.HeaderValues(name).Select(TrimValue);
            builder.Append(name.ToLowerInvariant()).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(presigned && service == "s3" ? "UNSIGNED-PAYLOAD" : request.PayloadHash);
        return builder.ToString();
    }

    private static string CanonicalPath(string rawPath, string service)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        // S3 signs the path as sent; other services sign each segment encoded once more.
        if (service == "s3")
        {
            return rawPath;
        }

        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not "." and not "")
            {
                segments.Add(Uri.EscapeDataString(Uri.UnescapeDataString(segment)));
            }
        }

        var path = "/" + string.Join('/', segments.Select(s => Uri.EscapeDataString(s)));
        if (rawPath.EndsWith('/') && segments.Count > 0)
        {
            path += "/";
        }

        return path;
    }

    private static string CanonicalQuery(string rawQuery, bool presigned)
    {
        if (rawQuery.Length == 0)
        {
            return "";
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var item in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = item.Split('=', 2);
            var name = Encode(Decode(split[0]));
            var value = split.Length == 2 ? Encode(Decode(split[1])) : "";

            // A presigned URL signs every query parameter except the signature itself.
            if (presigned && name == "X-Amz-Signature")
            {
                continue;
            }

            pairs.Add((name, value));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    // Form encoding writes a space as '+', but SigV4 encodes it as %20.
    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace("+", "%20", StringComparison.Ordinal));

    // Uri.EscapeDataString leaves exactly the RFC 3986 unreserved characters unencoded, as SigV4 requires.
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string TrimValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var character in value.Trim())
        {
            var isSpace = character == ' ';
            if (!(isSpace && previousWasSpace))
            {
                builder.Append(character);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }
}
