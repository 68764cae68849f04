using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Honeytokens;

[Collection(ApiCollection.Name)]
public sealed class HoneytokenEventsAndNotesTests(ApiFixture fixture)
{
    [Fact]
    public async Task Events_ListNewestFirst_WithFiltersAndCursor()
    {
        var token = new SeedToken(Guid.NewGuid(), "triggered", $"ev-{Guid.NewGuid():N}") { CreatedAt = DateTimeOffset.UtcNow };
        await fixture.InsertHoneytokensAsync([token]);
        var start = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await fixture.InsertEventAsync(token.Id, i < 3 ? "open" : "archived", i % 2 == 0 ? "203.0.113.7" : "198.51.100.4", start.AddSeconds(i)));
        }

        var (_, reader) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(reader);

        var all = await PageReader.GetAllAsync(client, $"/v1/honeytokens/{token.Id}/events?per_page=2");
        Assert.Equal(Enumerable.Reverse(ids), PageReader.Ids(all));

        var first = all[0];
        Assert.Equal(token.Id, first.GetProperty("honeytoken_id").GetGuid());
        Assert.Equal("GetCallerIdentity", first.GetProperty("action").GetString());
        Assert.Equal("sts.amazonaws.com", first.GetProperty("data").GetProperty("event_source").GetString());
        Assert.True(first.GetProperty("channels").TryGetProperty("realtime", out _));

        Assert.Equal([ids[2], ids[1], ids[0]], PageReader.Ids(await PageReader.GetAllAsync(client, $"/v1/honeytokens/{token.Id}/events?status=open")));
        Assert.Equal([ids[4], ids[2], ids[0]], PageReader.Ids(await PageReader.GetAllAsync(client, $"/v1/honeytokens/{token.Id}/events?ip_address=203.0.113.7")));

        var everywhere = PageReader.Ids(await PageReader.GetAllAsync(client, "/v1/honeytokens_events?per_page=100&ip_address=198.51.100.4"));
        Assert.Contains(ids[1], everywhere);
        Assert.Contains(ids[3], everywhere);
        Assert.DoesNotContain(ids[0], everywhere);

        using var unknown = await client.GetAsync($"/v1/honeytokens/{Guid.NewGuid()}/events");
        await ProblemAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Notes_CreateListUpdateDelete_AreAudited()
    {
        var token = new SeedToken(Guid.NewGuid(), "active", $"notes-{Guid.NewGuid():N}") { CreatedAt = DateTimeOffset.UtcNow };
        await fixture.InsertHoneytokensAsync([token]);
        var (writerId, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite, ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(writer);
        var notesUrl = $"/v1/honeytokens/{token.Id}/notes";

        var created = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync(notesUrl, new { comment = $"note {i}" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var note = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(writerId.ToString(), note.GetProperty("author_id").GetString());
            created.Add(note.GetProperty("id").GetGuid());
        }

        Assert.Equal(created, PageReader.Ids(await PageReader.GetAllAsync(client, $"{notesUrl}?per_page=2")));

        using (var update = await client.PatchAsJsonAsync($"{notesUrl}/{created[1]}", new { comment = "changed" }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            Assert.Equal("changed", (await update.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("comment").GetString());
        }

        using (var delete = await client.DeleteAsync($"{notesUrl}/{created[0]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var deleteAgain = await client.DeleteAsync($"{notesUrl}/{created[0]}"))
        {
            await ProblemAssert.ProblemAsync(deleteAgain, HttpStatusCode.NotFound);
        }

        using (var blank = await client.PostAsJsonAsync(notesUrl, new { comment = " " }))
        {
            await ProblemAssert.InvalidFieldAsync(blank, "comment");
        }

        Assert.Equal([created[1], created[2]], PageReader.Ids(await PageReader.GetAllAsync(client, notesUrl)));

        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT action, actor_id, occurred_at FROM audit_log WHERE target_type = 'honeytoken_note' AND details->>'honeytoken_id' = @id ORDER BY id");
        command.Parameters.AddWithValue("id", token.Id.ToString());
        var audited = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.Equal(writerId.ToString(), reader.GetString(1));
            audited.Add(reader.GetString(0));
        }

        Assert.Equal(["note.created", "note.created", "note.created", "note.updated", "note.deleted"], audited);
    }
}
