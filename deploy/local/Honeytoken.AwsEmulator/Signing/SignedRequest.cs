namespace Honeytoken.AwsEmulator.Signing;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, as they arrived on the wire.
/// </summary>
/// <param name="Method">HTTP method in upper case.</param>
/// <param name="RawPath">Path exactly as sent, still percent-encoded.</param>
/// <param name="RawQuery">Query string without the leading <c>?</c>, still percent-encoded.</param>
/// <param name="Headers">Header names (any case) with every value they carried.</param>
/// <param name="PayloadHash">Lower-case hex SHA-256 of the body, or the value of <c>x-amz-content-sha256</c>.</param>
public sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash)
{
    /// <summary>Returns every value of a header, matched case-insensitively.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Returns the first value of a header, or null.</summary>
    public string? Header(string name) => HeaderValues(name).FirstOrDefault();
}
