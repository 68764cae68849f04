using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Api.Hosting;

/// <summary>
/// How the Api reaches the Orleans cluster and its PostgreSQL store.
/// </summary>
public sealed class HoneytokenClusterOptions
{
    /// <summary>The configuration section that also holds <see cref="ClusterId"/> and <see cref="ServiceId"/>.</summary>
    public const string SectionName = "Orleans";

    /// <summary>
    /// Connection string of the PostgreSQL database that holds the Orleans membership table
    /// and the query tables. Bound from <c>ConnectionStrings:Honeytoken</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Orleans cluster id; must match the silos'. Default: <c>honeytoken</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "honeytoken";

    /// <summary>Orleans service id; must match the silos'. Default: <c>honeytoken</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "honeytoken";
}

/// <summary>
/// Rejects a missing or malformed connection string at start, naming the setting, so a
/// typo fails the process at once instead of surfacing later as a failing probe.
/// </summary>
public sealed class HoneytokenClusterOptionsValidator : IValidateOptions<HoneytokenClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, HoneytokenClusterOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "The setting ConnectionStrings:Honeytoken is missing. Set it (environment variable ConnectionStrings__Honeytoken) " +
                "to a PostgreSQL connection string such as 'Host=127.0.0.1;Port=55432;Username=postgres;Password=...;Database=honeytoken'.");
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
            {
                return ValidateOptionsResult.Fail(
                    "The setting ConnectionStrings:Honeytoken has no Host. Add 'Host=<server>' to the connection string.");
            }
        }
        catch (ArgumentException ex)
        {
            // The parser's message names the offending keyword; the connection string itself
            // may hold a password, so it is not repeated here.
            return ValidateOptionsResult.Fail(
                $"The setting ConnectionStrings:Honeytoken is not a valid PostgreSQL connection string: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
