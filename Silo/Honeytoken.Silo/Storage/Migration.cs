using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Honeytoken.Silo.Storage;

/// <summary>
/// One versioned SQL script from the <c>Migrations</c> folder, named <c>NNNN_name.sql</c>.
/// </summary>
/// <param name="Version">The number before the underscore; migrations run in this order.</param>
/// <param name="Name">The rest of the file name, without the extension.</param>
/// <param name="Sql">The script, run as one transaction.</param>
/// <param name="Checksum">
/// The SHA-256 of the script with line endings normalized to LF, in lower-case hex, so that a
/// Windows checkout does not look like an edit.
/// </param>
public sealed partial record Migration(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Migrations/";

    /// <summary>
    /// Loads the migrations embedded in this assembly, ordered by version.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A file name does not follow <c>NNNN_name.sql</c>, or two files share a version.
    /// </exception>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(resource => Parse(resource[ResourcePrefix.Length..], ReadResource(assembly, resource)))
            .OrderBy(migration => migration.Version)
            .ToList();

        var duplicate = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Migrations {string.Join(" and ", duplicate.Select(migration => migration.FileName))} share version {duplicate.Key}. Renumber one of them.");
        }

        return migrations;
    }

    /// <summary>Creates a migration from its file name and script text.</summary>
    /// <exception cref="InvalidOperationException">The file name does not follow <c>NNNN_name.sql</c>.</exception>
    public static Migration Parse(string fileName, string sql)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(sql);

        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}' is misnamed. Name it NNNN_name.sql: four digits, an underscore, then lower-case letters, digits or underscores.");
        }

        var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
        return new Migration(version, match.Groups["name"].Value, sql, ComputeChecksum(sql));
    }

    /// <summary>The file name this migration came from.</summary>
    public string FileName => $"{Version:D4}_{Name}.sql";

    private static string ComputeChecksum(string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return Convert.ToHexStringLower(hash);
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
