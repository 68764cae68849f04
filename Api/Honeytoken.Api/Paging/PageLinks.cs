using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Honeytoken.Api.Paging;

/// <summary>Page size parsing and the <c>Link: &lt;…&gt;; rel="next"</c> header of list endpoints.</summary>
public static class PageLinks
{
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;

    /// <summary>Parses <c>per_page</c>; returns null and an error message when it is not a whole number in range.</summary>
    public static int? ParsePageSize(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > MaxPageSize)
        {
            error = $"is '{text}'; it must be a whole number from 1 to {MaxPageSize}. Page through larger results with the Link header.";
            return null;
        }

        return size;
    }

    /// <summary>
    /// Sets the Link header to the same request with <c>cursor</c> replaced, keeping every
    /// other query parameter so that the next page uses the same filters and ordering.
    /// The target is a relative reference, path and query only, which RFC 8288 allows. The
    /// client chooses the Host header, so an absolute link built from it could send a client
    /// that follows it to another host.
    /// </summary>
    public static void SetNext(HttpContext context, string cursor)
    {
        ArgumentNullException.ThrowIfNull(context);

        var request = context.Request;
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (!string.Equals(key, "cursor", StringComparison.OrdinalIgnoreCase))
            {
                query.Add(key, (IEnumerable<string>)values.Where(value => value is not null)!);
            }
        }

        query.Add("cursor", cursor);

        var next = UriHelper.BuildRelative(request.PathBase, request.Path, query.ToQueryString());
        context.Response.Headers.Append("Link", new StringValues($"<{next}>; rel=\"next\""));
    }
}
