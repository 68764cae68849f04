using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Api.Tests.Authentication;

/// <summary>The bootstrap step on a database of its own, so that no admin token exists before it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BootstrapTokenTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"bootstrap-{Guid.NewGuid():N}");
    private readonly CapturingLoggerProvider logs = new();
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync("bootstrap");

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FirstStart_PrintsTokenOnce_WritesFile0600()
    {
        var tokenFile = Path.Combine(folder, ".data", "admin-token");
        var console = new StringWriter();

        await StartAsync(new BootstrapTokenOptions { TokenFile = tokenFile }, console);
        await StartAsync(new BootstrapTokenOptions { TokenFile = tokenFile }, console);

        var printed = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(printed);
        var value = File.ReadAllText(tokenFile).Trim();
        Assert.EndsWith(value, line.Trim(), StringComparison.Ordinal);
        Assert.StartsWith(ApiTokenValues.Prefix, value, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        var scopes = await ScopesOfAsync(value);
        Assert.Equal(ApiScopes.All.Order(), scopes!.Order());
        Assert.DoesNotContain(logs.Lines, logLine => logLine.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredToken_IsRegistered_AndNothingIsGenerated()
    {
        var tokenFile = Path.Combine(folder, "admin-token");
        var console = new StringWriter();
        var configured = ApiTokenValues.Generate();

        await StartAsync(new BootstrapTokenOptions { Token = configured, TokenFile = tokenFile }, console);
        await StartAsync(new BootstrapTokenOptions { Token = configured, TokenFile = tokenFile }, console);

        Assert.Equal("", console.ToString());
        Assert.False(File.Exists(tokenFile));
        Assert.Equal(ApiScopes.All.Order(), (await ScopesOfAsync(configured))!.Order());
        Assert.DoesNotContain(logs.Lines, logLine => logLine.Contains(configured, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has a space in the middle of a long enough value")]
    public void Validator_RejectsWeakConfiguredToken_NamingTheSetting(string token)
    {
        var result = new BootstrapTokenOptionsValidator().Validate(null, new BootstrapTokenOptions { Token = token });

        Assert.True(result.Failed);
        Assert.Contains(BootstrapTokenOptions.TokenKey, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.FailureMessage, StringComparison.Ordinal);
    }

    private async Task StartAsync(BootstrapTokenOptions options, StringWriter console)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var service = new BootstrapTokenService(
            database.DataSource,
            Options.Create(options),
            new BootstrapTokenOutput(console),
            new FakeTimeProvider(DateTimeOffset.UtcNow),
            loggerFactory.CreateLogger<BootstrapTokenService>());
        await service.StartAsync(CancellationToken.None);
    }

    private async Task<string[]?> ScopesOfAsync(string value)
    {
        await using var command = database.DataSource.CreateCommand("SELECT scopes FROM api_tokens WHERE token_sha256 = @hash AND revoked_at IS NULL");
        command.Parameters.AddWithValue("hash", ApiTokenValues.Hash(value));
        return (string[]?)await command.ExecuteScalarAsync();
    }
}
