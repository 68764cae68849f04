using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Honeytoken.Api.Authentication;

/// <summary>
/// The per-token rate limit of the <c>/v1</c> endpoints. It runs after authentication, so it
/// partitions by the token id, and before authorization, so unauthenticated guessing is
/// limited too.
/// </summary>
public static class ApiRateLimiting
{
    /// <summary>The policy name that <c>RequireRateLimiting</c> refers to.</summary>
    public const string PolicyName = "per-api-token";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>()
            .BindConfiguration(ApiRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, Partition);
            options.OnRejected = RejectAsync;
        });

        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
        var window = TimeSpan.FromSeconds(settings.WindowSeconds);

        var tokenId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var (key, permits) = tokenId is not null
            ? ($"token:{tokenId}", settings.PermitsPerWindow)
            : ($"address:{context.Connection.RemoteIpAddress}", settings.AnonymousPermitsPerWindow);

        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.WindowSeconds;
        context.Response.Headers[HeaderNames.RetryAfter] = retryAfter.ToString(CultureInfo.InvariantCulture);

        var partition = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } tokenId
            ? $"API token {tokenId}"
            : $"client address {context.Connection.RemoteIpAddress}";
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRateLimiting));
        ApiTokenLog.RateLimited(logger, partition);

        var problemDetails = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit of this API token is reached. Retry after {retryAfter} seconds.",
            },
        });
    }
}
