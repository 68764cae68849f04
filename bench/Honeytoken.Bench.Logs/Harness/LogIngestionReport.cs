using System.Globalization;
using System.Text;

namespace Honeytoken.Bench.Logs.Harness;

/// <summary>Formats the results of the runs as Markdown tables.</summary>
internal static class LogIngestionReport
{
    private const double Megabyte = 1024 * 1024;

    public static string Format(IReadOnlyList<LogIngestionResult> results)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine("| files x records | what | time (s) | records/s | MB/s gzipped | MB/s JSON | honeytoken records found |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var result in results)
        {
            Row(text, result, "ingestion (emulator bucket → events stored)", result.Ingestion, result.EventsStored);
            Row(text, result, "(a) parse limit: Utf8JsonReader, one thread", result.ParseLimit, result.ParseLimitMatches);
            Row(text, result, "(b) zcat \\| jq", result.Jq, result.JqMatches);
        }

        text.AppendLine();
        text.AppendLine("| files x records | ingestion / parse limit | ingestion / jq | upload time (s) | last announcement (s) | MB JSON per file | silo RSS idle (MiB) | silo peak RSS, VmHWM (MiB) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var result in results)
        {
            text.AppendLine(string.Create(invariant,
                $"| {result.Shape} | {result.ParseLimit / result.Ingestion:P0} | {result.Jq / result.Ingestion:F1}x | {result.Upload.TotalSeconds:F1} | {result.LastAnnouncement.TotalSeconds:F1} | {result.UncompressedBytes / Megabyte / result.Shape.Files:F1} | {result.SiloIdleRssBytes / Megabyte:F0} | {result.SiloPeakRssBytes / Megabyte:F0} |"));
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, LogIngestionResult result, string what, TimeSpan elapsed, long found)
    {
        var seconds = elapsed.TotalSeconds;
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Shape} | {what} | {seconds:F1} | {result.Records / seconds:N0} | {result.CompressedBytes / Megabyte / seconds:F1} | {result.UncompressedBytes / Megabyte / seconds:F1} | {found:N0} of {result.HoneytokenRecords:N0} |"));
    }
}
