namespace Honeytoken.Grains.Setup;

/// <summary>
/// The installation a deployment serves. One deployment serves one installation for now, so
/// every installation-keyed grain (tenant setup, key pool) and every query-table row uses
/// <see cref="DefaultId"/>.
/// </summary>
public static class Installation
{
    /// <summary>The key of the installation-keyed grains and the <c>installation_id</c> of the query-table rows.</summary>
    public const string DefaultId = "default";
}
