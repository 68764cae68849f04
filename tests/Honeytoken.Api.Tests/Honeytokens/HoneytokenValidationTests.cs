using System.Net.Http.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Honeytokens;

[Collection(ApiCollection.Name)]
public sealed class HoneytokenValidationTests(ApiFixture fixture)
{
    [Fact]
    public async Task Create_OverLongName_Returns400NamingName()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = new string('a', 101), type = "AWS" });

        var message = await ProblemAssert.InvalidFieldAsync(response, "name");
        Assert.Contains("maximum is 100", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateTagKey_Returns400NamingTheTag()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new
        {
            name = "tagged",
            custom_tags = new[] { new { key = "team", value = "a" }, new { key = "team", value = "b" } },
        });

        var message = await ProblemAssert.InvalidFieldAsync(response, "custom_tags[1].key");
        Assert.Contains("team", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BlankTagKey_Returns400NamingTheTag()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new
        {
            name = "tagged",
            custom_tags = new[] { new { key = " ", value = "a" } },
        });

        await ProblemAssert.InvalidFieldAsync(response, "custom_tags[0].key");
    }

    [Fact]
    public async Task Create_OtherType_Returns400NamingType()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = "x", type = "GCP" });

        await ProblemAssert.InvalidFieldAsync(response, "type");
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400Problem()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsync("/v1/honeytokens", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownField_Returns400NamingIt()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = "typo", descripton = "lost otherwise" });

        var problem = await ProblemAssert.ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("unknown field 'descripton'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Honeytoken.", detail, StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.descripton", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"NAME":"upper","type":"AWS"}""", "$.NAME", "unknown field 'NAME'")]
    [InlineData("""{"name":"x","Type":"AWS"}""", "$.Type", "unknown field 'Type'")]
    [InlineData("""{"name":"first","name":"second"}""", "$.name", "more than once")]
    [InlineData("""{"name":"x","custom_tags":[{"key":"a","key":"b","value":"c"}]}""", "$.custom_tags[0].key", "more than once")]
    public async Task Create_RepeatedOrMiscasedField_Returns400NamingIt(string body, string field, string expected)
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsync("/v1/honeytokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        var message = messages[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_RepeatedField_Returns400NamingIt()
    {
        var id = Guid.NewGuid();
        await fixture.InsertHoneytokensAsync([new SeedToken(id, "active", "patched twice")]);
        using var client = await WriterAsync();

        using var response = await client.PatchAsync($"/v1/honeytokens/{id}",
            new StringContent("""{"description":"kept","description":"lost"}""", System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.description", out _), problem.ToString());
    }

    [Fact]
    public async Task Create_NameOfWrongJsonType_Returns400NamingIt()
    {
        using var client = await WriterAsync();

        using var response = await client.PostAsync("/v1/honeytokens", new StringContent("{\"name\": 5}", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.InvalidFieldAsync(response, "$.name");
    }

    [Theory]
    [InlineData("status=deleted", "status")]
    [InlineData("status=active,bogus", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=eyJvIjoibmFtZSJ9", "cursor")]
    [InlineData("ordering=size", "ordering")]
    [InlineData("ordering=--name", "ordering")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=ten", "per_page")]
    [InlineData("tags=:value", "tags")]
    [InlineData("ip_address=300.1.1.1", "ip_address")]
    [InlineData("ip_address=1.2.3", "ip_address")]
    [InlineData("ip_address=010.0.0.1", "ip_address")]
    [InlineData("show_token=yes", "show_token")]
    public async Task List_InvalidParameter_Returns400NamingIt(string query, string field)
    {
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        using var response = await client.GetAsync($"/v1/honeytokens?{query}");

        await ProblemAssert.InvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task List_CursorOfAnotherOrdering_Returns400NamingCursor()
    {
        var suite = Guid.NewGuid().ToString("N");
        await fixture.InsertHoneytokensAsync(Enumerable.Range(0, 3).Select(i =>
            new SeedToken(Guid.NewGuid(), "active", $"c{suite}{i}") { CreatedAt = DateTimeOffset.UtcNow, Tags = [("suite", suite)] }));
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        var (_, next) = await PageReader.GetPageAsync(client, $"/v1/honeytokens?per_page=1&ordering=name&tags=suite:{suite}");
        Assert.NotNull(next);

        using var response = await client.GetAsync(next.Replace("ordering=name", "ordering=-name", StringComparison.Ordinal));

        await ProblemAssert.InvalidFieldAsync(response, "cursor");
    }

    [Theory]
    [InlineData("/v1/honeytokens_events?status=closed", "status")]
    [InlineData("/v1/honeytokens_events?ip_address=nowhere", "ip_address")]
    [InlineData("/v1/honeytokens_events?ip_address=1.2.3", "ip_address")]
    [InlineData("/v1/honeytokens_events?ip_address=127.1", "ip_address")]
    [InlineData("/v1/honeytokens_events?cursor=%%%", "cursor")]
    [InlineData("/v1/honeytokens_events?per_page=1000", "per_page")]
    public async Task Events_InvalidParameter_Returns400NamingIt(string url, string field)
    {
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        using var response = await client.GetAsync(url);

        await ProblemAssert.InvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task TokenEvents_ShorthandIpAddress_Returns400NamingIt()
    {
        var id = Guid.NewGuid();
        await fixture.InsertHoneytokensAsync([new SeedToken(id, "active", "shorthand ip filter")]);
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value);

        using var response = await client.GetAsync($"/v1/honeytokens/{id}/events?ip_address=1.2.3");

        var message = await ProblemAssert.InvalidFieldAsync(response, "ip_address");
        Assert.Contains("1.2.3", message, StringComparison.Ordinal);
    }

    private async Task<HttpClient> WriterAsync()
    {
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        return fixture.CreateClient(value);
    }
}
