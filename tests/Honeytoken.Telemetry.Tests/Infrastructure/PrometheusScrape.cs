using System.Globalization;
using System.Text.RegularExpressions;

namespace Honeytoken.Telemetry.Tests.Infrastructure;

/// <summary>One response of a Prometheus scrape endpoint, in the text exposition format.</summary>
internal sealed partial class PrometheusScrape
{
    private readonly List<Sample> samples = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a Prometheus sample line: {line}");
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["name"].Value, pair => Regex.Unescape(pair.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }
    }

    /// <summary>The response body as received.</summary>
    public string Text { get; }

    /// <summary>The metric names of every sample.</summary>
    public IEnumerable<string> Names => samples.Select(sample => sample.Name).Distinct(StringComparer.Ordinal);

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http, Uri endpoint)
    {
        using var response = await http.GetAsync(endpoint);
        response.EnsureSuccessStatusCode();
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Returns the sum of the samples named <paramref name="name"/> whose labels include every
    /// pair of <paramref name="labels"/>, or 0 when there is none: an OpenTelemetry counter
    /// appears only after its first measurement.
    /// </summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        samples
            .Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value))
            .Sum(sample => sample.Value);

    /// <summary>Returns every sample line whose name starts with <paramref name="prefix"/>, for failure messages.</summary>
    public string Lines(string prefix) =>
        string.Join('\n', Text.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)));

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
