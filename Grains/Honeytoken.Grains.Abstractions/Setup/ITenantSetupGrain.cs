using Honeytoken.Grains.Auditing;
using Orleans.Concurrency;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// The set-up of one installation, keyed by the installation id: the uploaded configuration
/// (secrets encrypted at rest) and the provisioning state machine that creates the member
/// accounts and fills the key pool. A reminder drives it, so it resumes after any silo dies.
/// </summary>
public interface ITenantSetupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the file fully and, only when it is valid, stores it and starts (or restarts)
    /// provisioning. A rejected file changes nothing.
    /// </summary>
    Task<ConfigurationUploadResult> UploadConfigurationAsync(byte[] utf8Json, Actor actor);

    /// <summary>
    /// Returns the configuration in force, or null before the first upload. It reads the
    /// grain's memory only, so it runs between the steps of provisioning without waiting for them.
    /// </summary>
    [AlwaysInterleave]
    Task<HoneytokenConfiguration?> GetConfigurationAsync();

    /// <summary>
    /// Returns the provisioning progress. Cheap: it reads the grain's memory only and runs
    /// between the steps of provisioning, so a dashboard can poll it every second.
    /// </summary>
    [AlwaysInterleave]
    Task<SetupProgress> GetProgressAsync();
}

/// <summary>The outcome of an upload: accepted, or the list of problems that made it rejected.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.upload-result.v1")]
public sealed record ConfigurationUploadResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] IReadOnlyList<ConfigurationError> Errors);
