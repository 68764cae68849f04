using System.Text;

namespace Honeytoken.Bench.Service;

/// <summary>One figure of a scenario beside its baseline from the same run.</summary>
public sealed record Figure(string Scenario, string Name, string Value, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>The figures of a run, printed as a Markdown table.</summary>
public sealed class ResultTable
{
    private readonly List<Figure> figures = [];
    private readonly List<string> notes = [];

    public void Add(Figure figure)
    {
        lock (figures)
        {
            figures.Add(figure);
        }

        Console.Error.WriteLine($"bench: {figure.Scenario}: {figure.Name} = {figure.Value} (baseline {figure.Baseline})");
    }

    /// <summary>Adds a line printed under the table, such as how the tokens were made.</summary>
    public void Note(string note)
    {
        lock (notes)
        {
            notes.Add(note);
        }

        Console.Error.WriteLine($"bench: note: {note}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | figure | measured | baseline (same run) | ratio | target | met |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var figure in figures)
        {
            var met = figure.Met switch { true => "yes", false => "**no**", null => "-" };
            text.AppendLine($"| {figure.Scenario} | {figure.Name} | {figure.Value} | {figure.Baseline} | {figure.Ratio} | {figure.Target} | {met} |");
        }

        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }
}
