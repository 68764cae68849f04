using System.ComponentModel.DataAnnotations;

namespace Honeytoken.Api.Authentication;

/// <summary>
/// Request rate limits of the REST API, bound from <c>Honeytoken:RateLimits</c>. Each API token
/// has its own fixed window; requests without a valid token share one window per client address.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "Honeytoken:RateLimits";

    /// <summary>Requests one API token may make per window. Default: 600.</summary>
    [Range(1, 1_000_000, ErrorMessage = "The setting Honeytoken:RateLimits:PermitsPerWindow must be between 1 and 1000000.")]
    public int PermitsPerWindow { get; set; } = 600;

    /// <summary>
    /// Requests per window from one client address that carry no valid token. Default: 60,
    /// which slows down guessing tokens without hindering a misconfigured client's first tries.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "The setting Honeytoken:RateLimits:AnonymousPermitsPerWindow must be between 1 and 1000000.")]
    public int AnonymousPermitsPerWindow { get; set; } = 60;

    /// <summary>Length of the window in seconds. Default: 60.</summary>
    [Range(1, 3600, ErrorMessage = "The setting Honeytoken:RateLimits:WindowSeconds must be between 1 and 3600.")]
    public int WindowSeconds { get; set; } = 60;
}
