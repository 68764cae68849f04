using System.Security.Claims;
using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Grains.Alerts;

namespace Honeytoken.Api.Features.Alerts;

/// <summary>
/// The admin endpoints of alert destinations under <c>/v1/admin/notifications/destinations</c>.
/// Validation, including the address check of URLs and SMTP hosts, runs in the destination
/// grain on the silo, where deliveries are made.
/// </summary>
public static class NotificationDestinationsApi
{
    public const string Route = "/v1/admin/notifications/destinations";

    public static IEndpointRouteBuilder MapNotificationDestinationsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var group = endpoints.MapGroup(Route)
            .WithTags("Notifications")
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/health", HealthAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPatch("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/test", TestAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(CreateDestinationRequest request, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var type = DestinationTypes.Parse(request.Type);
        if (type is null)
        {
            return Invalid("type", "The type must be webhook, slack or email.");
        }

        if (request.CoalesceWindowSeconds is <= 0)
        {
            return Invalid("coalesce_window_seconds", "The coalescing window must be a positive number of seconds.");
        }

        var settings = new DestinationSettings
        {
            Type = type.Value,
            Name = request.Name ?? "",
            Url = request.Url,
            Secret = request.Secret,
            Smtp = request.Smtp?.ToSettings(),
            AllowPrivateNetwork = request.AllowPrivateNetwork ?? false,
            CoalesceWindow = request.CoalesceWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };

        var result = await Dispatcher(grains).CreateDestinationAsync(settings, user.ToActor(), cancellationToken);
        if (result.Destination is null)
        {
            return Problem(result);
        }

        // A generated secret is shown this once, so the operator can configure the receiver.
        var body = DestinationDto.From(result.Destination, result.GeneratedSecret);
        return Results.Created($"{Route}/{result.Destination.Id}", body);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var views = await Dispatcher(grains).ListDestinationsAsync(cancellationToken);
        return Results.Ok(views.Select(view => DestinationDto.From(view)));
    }

    private static async Task<IResult> HealthAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var health = await Dispatcher(grains).GetHealthAsync(cancellationToken);
        return Results.Ok(health.Select(DestinationHealthDto.From));
    }

    private static async Task<IResult> GetAsync(Guid id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var view = await grains.GetGrain<IAlertDestinationGrain>(id).GetAsync(cancellationToken);
        return view is null ? NotFound(id) : Results.Ok(DestinationDto.From(view));
    }

    private static async Task<IResult> UpdateAsync(Guid id, UpdateDestinationRequest request, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.CoalesceWindowSeconds is <= 0)
        {
            return Invalid("coalesce_window_seconds", "The coalescing window must be a positive number of seconds.");
        }

        var patch = new DestinationPatch
        {
            Name = request.Name,
            Url = request.Url,
            Secret = request.Secret,
            Smtp = request.Smtp?.ToSettings(),
            AllowPrivateNetwork = request.AllowPrivateNetwork,
            CoalesceWindow = request.CoalesceWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };

        var result = await grains.GetGrain<IAlertDestinationGrain>(id).UpdateAsync(patch, user.ToActor(), cancellationToken);
        return result.Destination is null ? Problem(result) : Results.Ok(DestinationDto.From(result.Destination));
    }

    private static async Task<IResult> DeleteAsync(Guid id, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var deleted = await Dispatcher(grains).DeleteDestinationAsync(id, user.ToActor(), cancellationToken);
        return deleted ? Results.NoContent() : NotFound(id);
    }

    private static async Task<IResult> TestAsync(Guid id, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await grains.GetGrain<IAlertDestinationGrain>(id).SendTestAsync(user.ToActor(), cancellationToken);
        return result.Destination is null
            ? Problem(result)
            : Results.Accepted($"{Route}/{id}", new { delivery_id = result.DeliveryId, destination = DestinationDto.From(result.Destination) });
    }

    private static IAlertDispatcherGrain Dispatcher(IGrainFactory grains) =>
        grains.GetGrain<IAlertDispatcherGrain>(IAlertDispatcherGrain.DefaultKey);

    private static IResult Problem(DestinationResult result) => result.Error == DestinationErrorKind.NotFound
        ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Destination not found", detail: result.Message)
        : Invalid(result.Field ?? "body", result.Message ?? "The destination settings are invalid.");

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Destination not found", detail: $"Destination {id} does not exist.");
}
