using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Honeytokens;

[Collection(ApiCollection.Name)]
public sealed class HoneytokenListingTests(ApiFixture fixture)
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-created_at")]
    [InlineData("name")]
    public async Task List_10000ByPagesOf100_WhileInserting_SeesEachTokenOnce(string ordering)
    {
        const int Initial = 10_000;
        const int InsertedPerPage = 10;
        var suite = Guid.NewGuid().ToString("N");
        var random = new Random(42);

        // Three tokens share each creation time and names repeat among revoked tokens, so the
        // tie-breaker on list_position is exercised on every page.
        var initial = Enumerable.Range(0, Initial)
            .Select(i => Token(suite, i % 10 == 0 ? i % 1000 : i, i % 10 == 0 ? "revoked" : "active", suffix: i % 10 == 0 ? "r" : "") with
            {
                CreatedAt = Origin.AddSeconds(i / 3),
                RevokedAt = i % 10 == 0 ? Origin.AddDays(1) : null,
            })
            .ToList();
        await fixture.InsertHoneytokensAsync(initial);

        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        var seen = new List<Guid>();
        string? next = $"/v1/honeytokens?per_page=100&ordering={ordering}&tags=suite:{suite}";
        var inserted = 0;
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < 200, "Paging did not end within 200 pages.");
            (var items, next) = await PageReader.GetPageAsync(client, next);
            Assert.True(items.Count <= 100);
            seen.AddRange(PageReader.Ids(items));

            // New tokens land anywhere in the order: before the cursor, after it, and on ties.
            var batch = Enumerable.Range(0, InsertedPerPage)
                .Select(_ => Token(suite, random.Next(Initial), "active", suffix: $"x{inserted++}") with { CreatedAt = Origin.AddSeconds(random.Next(Initial / 3)) })
                .ToList();
            await fixture.InsertHoneytokensAsync(batch);
        }

        Assert.True(inserted >= InsertedPerPage * 100, "The inserts did not run alongside the paging.");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var missing = initial.Select(token => token.Id).Except(seen).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} tokens present at the start were never listed.");
    }

    [Theory]
    [InlineData("created_at")]
    [InlineData("-created_at")]
    [InlineData("triggered_at")]
    [InlineData("-triggered_at")]
    [InlineData("revoked_at")]
    [InlineData("-revoked_at")]
    [InlineData("name")]
    [InlineData("-name")]
    public async Task List_EachOrdering_ReturnsRowsInOrderAcrossPages(string ordering)
    {
        var suite = Guid.NewGuid().ToString("N");
        var tokens = Enumerable.Range(0, 60)
            .Select(i =>
            {
                var lifecycle = (i % 3) switch { 0 => "active", 1 => "triggered", _ => "revoked" };
                // Names repeat only among revoked tokens, as live names are unique.
                return Token(suite, lifecycle == "revoked" ? i % 5 : 100 + i, lifecycle) with
                {
                    CreatedAt = Origin.AddMinutes(i % 17),
                    TriggeredAt = lifecycle == "active" ? null : Origin.AddHours(i % 7),
                    RevokedAt = lifecycle == "revoked" ? Origin.AddDays(i % 4) : null,
                };
            })
            .ToList();
        await fixture.InsertHoneytokensAsync(tokens);
        var positions = await fixture.ListPositionsAsync([.. tokens.Select(token => token.Id)]);

        var descending = ordering.StartsWith('-');
        Func<SeedToken, IComparable?> key = ordering.TrimStart('-') switch
        {
            "created_at" => token => token.CreatedAt,
            "triggered_at" => token => token.TriggeredAt,
            "revoked_at" => token => token.RevokedAt,
            _ => token => token.Name,
        };
        var withValue = tokens.Where(token => key(token) is not null);
        var ordered = descending
            ? withValue.OrderByDescending(key).ThenByDescending(token => positions[token.Id])
            : withValue.OrderBy(key).ThenBy(token => positions[token.Id]);
        var nullsLast = tokens.Where(token => key(token) is null);
        var expected = ordered.Concat(descending
                ? nullsLast.OrderByDescending(token => positions[token.Id])
                : nullsLast.OrderBy(token => positions[token.Id]))
            .Select(token => token.Id)
            .ToList();

        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);
        var listed = await PageReader.GetAllAsync(client, $"/v1/honeytokens?per_page=7&ordering={ordering}&tags=suite:{suite}");

        Assert.Equal(expected, PageReader.Ids(listed));
    }

    [Fact]
    public async Task List_Filters_SelectTheMatchingTokens()
    {
        var suite = Guid.NewGuid().ToString("N");
        SeedToken Make(string name, string lifecycle, params (string, string)[] tags) =>
            new SeedToken(Guid.NewGuid(), lifecycle, $"{name}-{suite}") with
            {
                CreatedAt = Origin,
                Tags = [("suite", suite), .. tags],
            };

        var active = Make("active", "active", ("team", "payments"), ("env", "prod"));
        var needleName = Make("Needle-in-name", "active", ("team", "search"));
        var needleDescription = Make("plain", "triggered") with { Description = "has needle%_x inside" };
        var triggered = Make("triggered", "triggered", ("env", "prod"));
        var revoked = Make("revoked", "revoked") with { RevokedAt = Origin };
        var revoking = Make("revoking", "revoking");
        var pooled = new SeedToken(Guid.NewGuid(), "pooled", null) with { Tags = [("suite", suite)] };
        await fixture.InsertHoneytokensAsync([active, needleName, needleDescription, triggered, revoked, revoking, pooled]);
        await fixture.InsertEventAsync(triggered.Id, "open", "203.0.113.7", Origin);
        await fixture.InsertEventAsync(needleDescription.Id, "open", "198.51.100.1", Origin);

        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);
        async Task<HashSet<Guid>> ListAsync(string filter) =>
            [.. PageReader.Ids(await PageReader.GetAllAsync(client, $"/v1/honeytokens?tags=suite:{suite}&{filter}"))];

        Assert.Equal([active.Id, needleName.Id, needleDescription.Id, triggered.Id, revoked.Id, revoking.Id], await ListAsync(""));
        Assert.Equal([active.Id, needleName.Id], await ListAsync("status=active"));
        Assert.Equal([needleDescription.Id, triggered.Id, revoked.Id, revoking.Id], await ListAsync("status=triggered,revoked"));
        Assert.Equal([revoked.Id, revoking.Id], await ListAsync("status=revoked"));
        Assert.Equal([needleName.Id, needleDescription.Id], await ListAsync("search=NEEDLE"));
        Assert.Equal([needleDescription.Id], await ListAsync("search=%25_"));
        Assert.Equal([active.Id, needleName.Id], await ListAsync("tags=team"));
        Assert.Equal([active.Id], await ListAsync("tags=team:payments"));
        Assert.Equal([active.Id, triggered.Id], await ListAsync("tags=env:prod"));
        Assert.Equal([active.Id], await ListAsync("tags=env:prod&tags=team:payments"));
        Assert.Equal([triggered.Id], await ListAsync("ip_address=203.0.113.7"));
        Assert.Empty(await ListAsync("ip_address=192.0.2.200"));
    }

    [Fact]
    public async Task List_WithoutShowToken_OmitsKey()
    {
        var suite = Guid.NewGuid().ToString("N");
        var token = Token(suite, 1, "active") with { CreatedAt = Origin, Description = "d" };
        await fixture.InsertHoneytokensAsync([token]);
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        var item = Assert.Single(await PageReader.GetAllAsync(client, $"/v1/honeytokens?tags=suite:{suite}"));

        foreach (var field in new[] { "id", "name", "description", "type", "status", "created_at", "triggered_at", "revoked_at",
                     "open_events_count", "creator_id", "revoker_id", "custom_tags" })
        {
            Assert.True(item.TryGetProperty(field, out _), $"The field {field} is missing: {item}");
        }

        Assert.False(item.TryGetProperty("token", out _));
        Assert.Equal("AWS", item.GetProperty("type").GetString());
        Assert.Equal("active", item.GetProperty("status").GetString());
        Assert.Equal("suite", item.GetProperty("custom_tags")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task List_ForeignHostHeader_LinkIsRelative()
    {
        var suite = Guid.NewGuid().ToString("N");
        await fixture.InsertHoneytokensAsync(Enumerable.Range(0, 3).Select(i => Token(suite, i, "active") with { CreatedAt = Origin.AddSeconds(i) }));
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/honeytokens?per_page=2&tags=suite:{suite}");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        var next = PageReader.NextLink(response);
        Assert.NotNull(next);
        Assert.StartsWith("/v1/honeytokens?", next, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", next, StringComparison.Ordinal);
        Assert.Contains("per_page=2", next, StringComparison.Ordinal);
        Assert.Contains("cursor=", next, StringComparison.Ordinal);

        // The relative link resolves against the URL of the request, as RFC 8288 specifies.
        var (items, _) = await PageReader.GetPageAsync(client, next);
        Assert.Single(items);
    }

    private static SeedToken Token(string suite, int number, string lifecycle, string suffix = "") =>
        new(Guid.NewGuid(), lifecycle, $"tok{suite}{number:D5}{suffix}")
        {
            Tags = [("suite", suite)],
        };
}
