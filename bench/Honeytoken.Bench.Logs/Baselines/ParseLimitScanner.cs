using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Honeytoken.Bench.Logs.Baselines;

/// <summary>
/// The parse limit of log-file ingestion: a gzipped log file decompressed and walked token by
/// token with one <see cref="Utf8JsonReader"/>, counting the <c>accessKeyId</c> values that are
/// honeytoken keys. It builds no record and stores nothing, so no ingestion can be faster.
/// </summary>
public sealed class ParseLimitScanner(IReadOnlySet<string> honeytokenAccessKeyIds)
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>Scans one gzipped file and returns the number of honeytoken key matches and the decompressed size.</summary>
    public (int Matches, long UncompressedBytes) ScanGzip(Stream gzipped)
    {
        using var decompressed = new GZipStream(gzipped, CompressionMode.Decompress, leaveOpen: true);
        return Scan(decompressed);
    }

    /// <summary>Scans one uncompressed <c>{"Records":[…]}</c> document.</summary>
    public (int Matches, long UncompressedBytes) Scan(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var state = new JsonReaderState();
            var filled = 0;
            long total = 0;
            var matches = 0;
            var expectKey = false;
            while (true)
            {
                var read = json.ReadAtLeast(buffer.AsSpan(filled), buffer.Length - filled, throwOnEndOfStream: false);
                total += read;
                filled += read;
                var isFinal = filled < buffer.Length;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), isFinal, state);
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        expectKey = reader.ValueTextEquals("accessKeyId"u8);
                    }
                    else if (expectKey)
                    {
                        expectKey = false;
                        if (reader.TokenType == JsonTokenType.String && IsHoneytokenKey(reader.ValueSpan))
                        {
                            matches++;
                        }
                    }
                }

                if (isFinal)
                {
                    return (matches, total);
                }

                // Keep the bytes of the unfinished token for the next block.
                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool IsHoneytokenKey(ReadOnlySpan<byte> utf8)
    {
        // Access key ids are 16 to 128 ASCII characters, so any real one fits in a stack buffer.
        if (utf8.Length > 128)
        {
            return false;
        }

        Span<char> chars = stackalloc char[128];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return honeytokenAccessKeyIds is HashSet<string> set
            ? set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars[..count])
            : honeytokenAccessKeyIds.Contains(new string(chars[..count]));
    }
}
