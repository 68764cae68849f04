using System.Globalization;
using Npgsql;

namespace Honeytoken.Testing.Processes;

/// <summary>
/// A PostgreSQL server of the test's own, in a temporary folder on a free loopback port,
/// which the test may stop and start again. It uses the server binaries of Debian's
/// postgresql package, as deploy/local/postgres.sh does, and runs them as the postgres
/// account when the tests run as root, because initdb and postgres refuse to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string binDirectory;
    private readonly string rootDirectory;
    private readonly string password;

    private PostgresServer(string binDirectory, string rootDirectory, int port, string password)
    {
        this.binDirectory = binDirectory;
        this.rootDirectory = rootDirectory;
        this.password = password;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's own log file.</summary>
    public string LogFile => Path.Combine(rootDirectory, "server.log");

    private string DataDirectory => Path.Combine(rootDirectory, "data");

    /// <summary>Creates a cluster in a new temporary folder and starts the server.</summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL server binaries are installed.</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDirectory = FindBinDirectory();
        var root = Directory.CreateTempSubdirectory("honeytoken-postgres-").FullName;
        var server = new PostgresServer(binDirectory, root, FreeTcpPort.Next(), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        try
        {
            await server.InitializeAsync();
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns a connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server in fast mode: open transactions roll back and sessions end.</summary>
    public async Task StopAsync() =>
        (await RunAsync(Path.Combine(binDirectory, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "stop")).EnsureSuccess();

    /// <summary>Starts the stopped server again on the same port and data folder.</summary>
    public async Task StartServerAsync()
    {
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={rootDirectory} -c max_connections=300 -c fsync=off");
        (await RunAsync(Path.Combine(binDirectory, "pg_ctl"), "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start", "-o", settings)).EnsureSuccess();
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync(Path.Combine(binDirectory, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(rootDirectory, recursive: true);
    }

    private async Task InitializeAsync()
    {
        var passwordFile = Path.Combine(rootDirectory, "password");
        await File.WriteAllTextAsync(passwordFile, password);
        if (Environment.IsPrivilegedProcess)
        {
            // The postgres account must enter the folder and own what the server writes.
            (await CommandRunner.RunAsync("chmod", ["0755", rootDirectory], CommandTimeout)).EnsureSuccess();
            (await CommandRunner.RunAsync("chown", ["-R", "postgres:postgres", rootDirectory], CommandTimeout)).EnsureSuccess();
        }

        (await RunAsync(Path.Combine(binDirectory, "initdb"), "-D", DataDirectory, "-U", "postgres", "--pwfile=" + passwordFile,
            "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")).EnsureSuccess();
        File.Delete(passwordFile);
    }

    private Task<CommandOutcome> RunAsync(string program, params string[] arguments) => Environment.IsPrivilegedProcess
        ? CommandRunner.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], CommandTimeout)
        : CommandRunner.RunAsync(program, arguments, CommandTimeout);

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin. Install Debian's postgresql package, " +
            "for example by running deploy/local/postgres.sh start once.");
    }
}
