using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Paging;
using Honeytoken.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>The body of a note create or update.</summary>
public sealed record NoteRequest(string? Comment);

/// <summary><c>/v1/honeytokens/{id}/notes</c>: operators' notes on a honeytoken, oldest first.</summary>
public static class HoneytokenNotesApi
{
    public const int MaxCommentLength = 10_000;

    private const string Ordering = "recorded";

    private const string LoggerName = "Honeytoken.Api.Features.Honeytokens";

    public static IEndpointRouteBuilder MapHoneytokenNotesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/honeytokens/{id:guid}/notes")
            .WithTags("Notes")
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapGet("/", ListAsync).RequireAuthorization(ApiScopes.HoneytokensRead);
        group.MapPost("/", CreateAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);
        group.MapPatch("/{noteId:guid}", UpdateAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);
        group.MapDelete("/{noteId:guid}", DeleteAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);

        return endpoints;
    }

    private static async Task<Results<Ok<List<HoneytokenNote>>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext context, HoneytokenQueries honeytokens, HoneytokenNoteStore notes, CancellationToken cancellationToken)
    {
        var pageSize = PageLinks.ParsePageSize(context.Request.Query["per_page"], out var pageSizeError);
        if (pageSize is null)
        {
            return ApiProblems.Invalid("per_page", pageSizeError!);
        }

        var fingerprint = KeysetCursor.Fingerprint(id.ToString());
        long? after = null;
        if (context.Request.Query["cursor"].ToString() is { Length: > 0 } cursorText)
        {
            var cursor = KeysetCursor.Decode(cursorText);
            if (cursor is null || cursor.Ordering != Ordering || cursor.Filter != fingerprint)
            {
                return ApiProblems.Invalid("cursor", "is not a cursor of this query. Use the URL of the Link header unchanged, or start again without a cursor.");
            }

            after = cursor.Position;
        }

        if (await honeytokens.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var rows = await notes.ListAsync(id, after, pageSize.Value + 1, cancellationToken);
        var page = rows.Take(pageSize.Value).ToList();
        if (rows.Count > pageSize.Value)
        {
            PageLinks.SetNext(context, new KeysetCursor(Ordering, null, page[^1].Position, fingerprint).Encode());
        }

        return TypedResults.Ok(page.Select(row => row.Note).ToList());
    }

    private static async Task<Results<Created<HoneytokenNote>, ProblemHttpResult>> CreateAsync(
        Guid id, NoteRequest? request, HttpContext context, HoneytokenQueries honeytokens, HoneytokenNoteStore notes,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        if (await honeytokens.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var actor = context.User.ToActor();
        var note = await notes.CreateAsync(id, request!.Comment!, actor, cancellationToken);
        HoneytokenLog.NoteChanged(loggerFactory.CreateLogger(LoggerName), note.Id, id, "created", actor.Id);
        return TypedResults.Created($"/v1/honeytokens/{id}/notes/{note.Id}", note);
    }

    private static async Task<Results<Ok<HoneytokenNote>, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid noteId, NoteRequest? request, HttpContext context, HoneytokenNoteStore notes,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var actor = context.User.ToActor();
        var note = await notes.UpdateAsync(id, noteId, request!.Comment!, actor, cancellationToken);
        if (note is null)
        {
            return NoteNotFound(id, noteId);
        }

        HoneytokenLog.NoteChanged(loggerFactory.CreateLogger(LoggerName), noteId, id, "updated", actor.Id);
        return TypedResults.Ok(note);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid noteId, HttpContext context, HoneytokenNoteStore notes, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var actor = context.User.ToActor();
        if (!await notes.DeleteAsync(id, noteId, actor, cancellationToken))
        {
            return NoteNotFound(id, noteId);
        }

        HoneytokenLog.NoteChanged(loggerFactory.CreateLogger(LoggerName), noteId, id, "deleted", actor.Id);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Validate(NoteRequest? request)
    {
        if (string.IsNullOrWhiteSpace(request?.Comment))
        {
            return ApiProblems.Invalid("comment", "is missing. Send a JSON body such as {\"comment\": \"Planted in the deploy repository\"}.");
        }

        if (request.Comment.Length > MaxCommentLength)
        {
            return ApiProblems.Invalid("comment", $"is {request.Comment.Length} characters long; the maximum is {MaxCommentLength}. Shorten it.");
        }

        return null;
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound($"No honeytoken has the id {id}. List them with GET /v1/honeytokens.");

    private static ProblemHttpResult NoteNotFound(Guid id, Guid noteId) =>
        ApiProblems.NotFound($"The honeytoken {id} has no note with the id {noteId}. List its notes with GET /v1/honeytokens/{id}/notes.");
}
