using Honeytoken.Grains.Auditing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Api.Authentication;

/// <summary>Where a generated bootstrap token is printed: standard output, or a test's writer.</summary>
public sealed record BootstrapTokenOutput(TextWriter Writer);

/// <summary>
/// Makes sure an admin can reach the API on a fresh installation. At start it registers
/// <c>HONEYTOKEN_BOOTSTRAP_TOKEN</c> when set; otherwise, when no usable admin token exists,
/// it generates one, prints it once and writes it to the token file with mode 0600.
/// </summary>
public sealed partial class BootstrapTokenService(
    NpgsqlDataSource dataSource,
    IOptions<BootstrapTokenOptions> options,
    BootstrapTokenOutput output,
    TimeProvider timeProvider,
    ILogger<BootstrapTokenService> logger) : IHostedService
{
    /// <summary>The name the bootstrap token is listed under.</summary>
    public const string TokenName = "bootstrap";

    /// <summary>
    /// The advisory lock key that serialises bootstrap across Api processes starting together,
    /// so that only one of them generates a token: the ASCII bytes of "HtBootst".
    /// </summary>
    private const long AdvisoryLockKey = 0x4874426F6F747374;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!string.IsNullOrEmpty(settings.Token))
        {
            await RegisterConfiguredTokenAsync(connection, transaction, settings.Token, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        if (await AdminTokenExistsAsync(connection, transaction, now, cancellationToken))
        {
            ApiTokenLog.BootstrapTokenNotNeeded(logger);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var value = ApiTokenValues.Generate();
        var token = NewBootstrapToken(now);
        await ApiTokenStore.InsertAsync(connection, transaction, token, ApiTokenValues.Hash(value), cancellationToken);

        // The file is written before the commit. If writing fails, the transaction rolls back,
        // so no token is stored that no one can read, and the next start tries again.
        var path = Path.GetFullPath(settings.TokenFile);
        await WriteTokenFileAsync(path, value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        ApiTokenLog.BootstrapTokenGenerated(logger, token.Id, path);
        await output.Writer.WriteLineAsync($"Bootstrap admin token (shown once, also saved to {path}): {value}");
        await output.Writer.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RegisterConfiguredTokenAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string value,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var hash = ApiTokenValues.Hash(value);

        await using (var find = new NpgsqlCommand("SELECT id, revoked_at FROM api_tokens WHERE token_sha256 = @hash", connection, transaction))
        {
            find.Parameters.AddWithValue("hash", hash);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                // Registered by an earlier start. An admin's revocation wins over the variable.
                if (!reader.IsDBNull(1))
                {
                    ApiTokenLog.BootstrapTokenRevoked(logger, reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1));
                }

                return;
            }
        }

        var token = NewBootstrapToken(now);
        await ApiTokenStore.InsertAsync(connection, transaction, token, hash, cancellationToken);
        ApiTokenLog.BootstrapTokenRegistered(logger, token.Id);
    }

    private static async Task<bool> AdminTokenExistsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (
                SELECT 1 FROM api_tokens
                WHERE @admin = ANY (scopes) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now))
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("admin", ApiScopes.Admin);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static ApiToken NewBootstrapToken(DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), TokenName, ApiScopes.All, now, Actor.System.Id, ExpiresAt: null, RevokedAt: null, LastUsedAt: null);

    private static async Task WriteTokenFileAsync(string path, string value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // An older file may have a wider mode; replacing it guarantees the new one starts at 0600.
        File.Delete(path);
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, fileOptions);
        if (!OperatingSystem.IsWindows())
        {
            // The create mode passes through the umask; setting it again makes 0600 exact.
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var writer = new StreamWriter(stream);
        await writer.WriteLineAsync(value.AsMemory(), cancellationToken);
    }
}
