using System.Text.Json;
using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.AwsEmulator.State;

/// <summary>
/// Writes the state to the state file after each change and reads it back at start. Without
/// a state file every method does nothing.
/// </summary>
public sealed class StateStore(EmulatorState state, AwsEmulatorOptions options, ILogger<StateStore> logger)
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly SemaphoreSlim writeGate = new(1, 1);

    /// <summary>Reads the state file into a new state, or returns null when there is none.</summary>
    public static EmulatorState? Load(string? stateFile)
    {
        if (stateFile is null || !File.Exists(stateFile))
        {
            return null;
        }

        using var stream = File.OpenRead(stateFile);
        return JsonSerializer.Deserialize<EmulatorState>(stream, SerializerOptions)
            ?? throw new InvalidOperationException($"State file '{stateFile}' is empty; delete it to start from the seed.");
    }

    /// <summary>Writes the whole state, through a temporary file so a crash never leaves half a file.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (options.StateFile is not { } stateFile)
        {
            return;
        }

        byte[] content;
        lock (state.Gate)
        {
            content = JsonSerializer.SerializeToUtf8Bytes(state, SerializerOptions);
        }

        await writeGate.WaitAsync(cancellationToken);
        try
        {
            var temporary = stateFile + ".tmp";
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, stateFile, overwrite: true);
        }
        catch (IOException exception)
        {
            Log.StateSaveFailed(logger, stateFile, exception);
        }
        finally
        {
            writeGate.Release();
        }
    }
}
