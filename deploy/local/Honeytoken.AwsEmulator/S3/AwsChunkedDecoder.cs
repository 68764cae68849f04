using System.Globalization;
using System.Text;

namespace Honeytoken.AwsEmulator.S3;

/// <summary>
/// Decodes <c>aws-chunked</c> bodies, which SDKs send for streaming uploads: chunks of
/// <c>hex-size[;chunk-signature=…]\r\n data \r\n</c>, a zero-size chunk, then optional
/// trailing headers such as checksums.
/// </summary>
public static class AwsChunkedDecoder
{
    /// <summary>True when the request body uses the aws-chunked encoding.</summary>
    public static bool IsChunked(HttpRequest request) =>
        request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal)
        || request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the payload; throws <see cref="FormatException"/> for a malformed body.</summary>
    public static byte[] Decode(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = IndexOfCrLf(body, position);
            if (lineEnd < 0)
            {
                throw new FormatException("aws-chunked body ends inside a chunk header.");
            }

            var header = Encoding.ASCII.GetString(body, position, lineEnd - position);
            var sizeText = header.Split(';')[0];
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new FormatException($"aws-chunked chunk size '{sizeText}' is not hexadecimal.");
            }

            position = lineEnd + 2;
            if (size == 0)
            {
                // What follows are trailing headers, which the emulator does not check.
                break;
            }

            if (position + size > body.Length)
            {
                throw new FormatException("aws-chunked chunk is longer than the body.");
            }

            output.Write(body, position, size);
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOfCrLf(byte[] body, int start)
    {
        for (var i = start; i + 1 < body.Length; i++)
        {
            if (body[i] == '\r' && body[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
