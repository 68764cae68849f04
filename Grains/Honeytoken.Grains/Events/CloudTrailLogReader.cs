using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Streams the records of a CloudTrail log file, <c>{"Records":[…]}</c>, gzipped or not.
/// </summary>
/// <remarks>
/// Log files reach tens of megabytes, so the file is never held whole. Decompressed bytes go
/// into one pooled buffer. A <see cref="Utf8JsonReader"/> walks it, and each record is cut
/// out with <see cref="Utf8JsonReader.TrySkip"/> and parsed from its own bytes. When a record
/// runs past the end of the buffer, the reader rewinds to the last complete step, moves the
/// unread bytes to the front, reads more (doubling the buffer when a single record does not
/// fit, up to <see cref="CloudTrailParserLimits.MaxRecordBytes"/>) and resumes from the saved
/// <see cref="JsonReaderState"/>.
/// <para>
/// A digest file (no <c>Records</c>, a <c>digestSignatureAlgorithm</c> property) yields no
/// record and no error. Any other document without a <c>Records</c> array fails, so that a
/// malformed file is quarantined rather than taken as empty.
/// </para>
/// </remarks>
public sealed class CloudTrailLogReader(CloudTrailParserLimits limits)
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Creates a reader with the default limits.</summary>
    public CloudTrailLogReader()
        : this(CloudTrailParserLimits.Default)
    {
    }

    /// <summary>
    /// Reads the records of the log file in <paramref name="stream"/>, in file order. The stream
    /// is left open.
    /// </summary>
    /// <exception cref="CloudTrailLogFormatException">The file is not a readable CloudTrail log file.</exception>
    public IAsyncEnumerable<CloudTrailRecord> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, filter: null, cancellationToken);

    /// <summary>
    /// Reads the records of the log file in <paramref name="stream"/> that pass
    /// <paramref name="filter"/>, in file order. The stream is left open.
    /// </summary>
    /// <param name="stream">The log file, gzipped or not.</param>
    /// <param name="filter">
    /// Decides from a record parsed without its raw JSON whether to keep it. Only kept records
    /// are parsed again with <c>requestParameters</c>, <c>responseElements</c> and the raw record,
    /// so the records of other identities, most of a busy file, are never copied. Null keeps all.
    /// </param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="CloudTrailLogFormatException">The file is not a readable CloudTrail log file.</exception>
    public async IAsyncEnumerable<CloudTrailRecord> ReadAsync(
        Stream stream,
        Func<CloudTrailRecord, bool>? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);

        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        Stream? decompressed = null;
        try
        {
            // Sniff the gzip magic bytes. S3 object streams cannot seek, so the sniffed bytes are replayed.
            var sniffed = await stream.ReadAtLeastAsync(buffer.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken);
            var source = new ReplayPrefixStream(buffer.AsMemory(0, sniffed).ToArray(), stream);
            var isGzip = sniffed == 2 && buffer[0] == 0x1F && buffer[1] == 0x8B;
            decompressed = isGzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : source;

            var scan = new ScanState();
            var records = new List<CloudTrailRecord>();
            var filled = 0;
            long bufferOffset = 0;
            var endOfData = false;

            while (!scan.IsComplete)
            {
                // Fill the whole free part of the buffer. Scanning a partly filled buffer would retry
                // a large record once per network chunk instead of once per buffer size.
                if (!endOfData && filled < buffer.Length)
                {
                    var free = buffer.Length - filled;
                    var read = await FillAsync(decompressed, buffer.AsMemory(filled), bufferOffset + filled, cancellationToken);
                    filled += read;
                    endOfData = read < free;
                    if (bufferOffset + filled > limits.MaxFileBytes)
                    {
                        throw new CloudTrailLogFormatException($"The decompressed file is larger than {limits.MaxFileBytes} bytes.", limits.MaxFileBytes);
                    }
                }

                records.Clear();
                scan.RecordStart = -1;
                var consumed = Scan(buffer.AsSpan(0, filled), endOfData, bufferOffset, scan, filter, records);
                foreach (var record in records)
                {
                    yield return record;
                }

                if (scan.Error is not null)
                {
                    throw scan.Error;
                }

                if (scan.IsComplete)
                {
                    break;
                }

                if (endOfData)
                {
                    throw new CloudTrailLogFormatException("The file ends before the JSON document is complete.", bufferOffset + consumed);
                }

                // Keep the unread bytes and make room for more.
                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                    bufferOffset += consumed;
                }
                else if (filled == buffer.Length)
                {
                    buffer = Grow(buffer, filled, bufferOffset);
                }
            }
        }
        finally
        {
            if (decompressed is not null)
            {
                await decompressed.DisposeAsync();
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Grow(byte[] buffer, int filled, long bufferOffset)
    {
        if (buffer.Length >= limits.MaxRecordBytes)
        {
            throw new CloudTrailLogFormatException($"A record is larger than {limits.MaxRecordBytes} bytes.", bufferOffset);
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limits.MaxRecordBytes));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends, and returns the bytes read.</summary>
    private static async ValueTask<int> FillAsync(Stream stream, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw new CloudTrailLogFormatException($"The gzip data is invalid: {exception.Message}", offset, exception);
        }
    }

    /// <summary>
    /// Advances through <paramref name="data"/> one complete step at a time, adding the records
    /// it finds to <paramref name="output"/>. Returns the number of bytes of the complete steps,
    /// and leaves in <paramref name="scan"/> the reader state after the last of them. An error
    /// is stored in <see cref="ScanState.Error"/> so that the records before it are still returned.
    /// </summary>
    private int Scan(ReadOnlySpan<byte> data, bool isFinalBlock, long dataOffset, ScanState scan, Func<CloudTrailRecord, bool>? filter, List<CloudTrailRecord> output)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, scan.ReaderState);
        var committed = 0;
        try
        {
            while (TryStep(ref reader, data, dataOffset, scan, filter, output))
            {
                committed = (int)reader.BytesConsumed;
                scan.ReaderState = reader.CurrentState;
                if (scan.IsComplete)
                {
                    break;
                }
            }
        }
        catch (CloudTrailLogFormatException exception)
        {
            scan.Error = exception;
        }
        catch (JsonException exception)
        {
            // Inside a record, the record's own offset is the useful one for quarantine.
            var position = scan.RecordStart >= 0 ? scan.RecordStart : Math.Max(committed, reader.TokenStartIndex);
            scan.Error = new CloudTrailLogFormatException($"Invalid JSON: {exception.Message}", dataOffset + position, exception);
        }

        return committed;
    }

    /// <summary>
    /// Reads one step of the document: a token of the envelope, or a whole record. Returns
    /// false when the data ends inside the step.
    /// </summary>
    private bool TryStep(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, long dataOffset, ScanState scan, Func<CloudTrailRecord, bool>? filter, List<CloudTrailRecord> output)
    {
        switch (scan.Phase)
        {
            case ScanPhase.Start:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new CloudTrailLogFormatException($"The file starts with {reader.TokenType}, not a JSON object.", dataOffset + reader.TokenStartIndex);
                }

                scan.Phase = ScanPhase.TopLevel;
                return true;

            case ScanPhase.TopLevel:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    if (!scan.SawRecords && !scan.SawDigestProperty)
                    {
                        throw new CloudTrailLogFormatException("The file has no Records array.", dataOffset + reader.TokenStartIndex);
                    }

                    scan.Phase = ScanPhase.End;
                    return true;
                }

                if (reader.ValueTextEquals("Records"u8))
                {
                    scan.Phase = ScanPhase.RecordsValue;
                }
                else
                {
                    scan.SawDigestProperty |= reader.ValueTextEquals("digestSignatureAlgorithm"u8);
                    scan.Phase = ScanPhase.SkipValue;
                }

                return true;

            case ScanPhase.SkipValue:
                if (!reader.Read() || !reader.TrySkip())
                {
                    return false;
                }

                scan.Phase = ScanPhase.TopLevel;
                return true;

            case ScanPhase.RecordsValue:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new CloudTrailLogFormatException($"Records is {reader.TokenType}, not an array.", dataOffset + reader.TokenStartIndex);
                }

                scan.SawRecords = true;
                scan.Phase = ScanPhase.InRecords;
                return true;

            case ScanPhase.InRecords:
                return TryReadRecord(ref reader, data, dataOffset, scan, filter, output);

            case ScanPhase.End:
                // Reaching the end of the final block proves that only whitespace follows the document.
                if (reader.Read())
                {
                    throw new CloudTrailLogFormatException("Unexpected content after the JSON document.", dataOffset + reader.TokenStartIndex);
                }

                if (reader.IsFinalBlock)
                {
                    scan.IsComplete = true;
                    return true;
                }

                return false;

            default:
                throw new InvalidOperationException($"Unknown scan phase {scan.Phase}.");
        }
    }

    private bool TryReadRecord(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, long dataOffset, ScanState scan, Func<CloudTrailRecord, bool>? filter, List<CloudTrailRecord> output)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            scan.Phase = ScanPhase.TopLevel;
            return true;
        }

        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CloudTrailLogFormatException($"A Records element is {reader.TokenType}, not an object.", dataOffset + start);
        }

        scan.RecordStart = start;
        if (!reader.TrySkip())
        {
            return false;
        }

        scan.RecordStart = -1;
        var length = (int)reader.BytesConsumed - start;
        if (length > limits.MaxRecordBytes)
        {
            throw new CloudTrailLogFormatException($"A record is larger than {limits.MaxRecordBytes} bytes.", dataOffset + start);
        }

        var json = data.Slice(start, length);
        if (filter is null)
        {
            output.Add(CloudTrailRecordParser.Parse(json, dataOffset + start, limits));
            return true;
        }

        if (filter(CloudTrailRecordParser.Parse(json, dataOffset + start, limits, captureRawJson: false)))
        {
            output.Add(CloudTrailRecordParser.Parse(json, dataOffset + start, limits));
        }

        return true;
    }

    private enum ScanPhase
    {
        Start,
        TopLevel,
        SkipValue,
        RecordsValue,
        InRecords,
        End,
    }

    /// <summary>The state of a file scan between two buffer refills.</summary>
    private sealed class ScanState
    {
        public ScanPhase Phase { get; set; } = ScanPhase.Start;

        public JsonReaderState ReaderState { get; set; } = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });

        public bool SawRecords { get; set; }

        public bool SawDigestProperty { get; set; }

        public bool IsComplete { get; set; }

        /// <summary>The start of the record being cut out of the current buffer, or -1 between records.</summary>
        public long RecordStart { get; set; } = -1;

        public CloudTrailLogFormatException? Error { get; set; }
    }
}
