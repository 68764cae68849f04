using System.Globalization;

namespace Honeytoken.Bench.Service;

/// <summary>CPU time of processes, read from <c>/proc/PID/stat</c> (utime plus stime).</summary>
public static class CpuTime
{
    // USER_HZ, the unit of utime and stime; 100 on Linux on every common architecture.
    private const double TicksPerSecond = 100;

    /// <summary>Returns the user plus system CPU time of one process, or zero when it has exited.</summary>
    public static TimeSpan Of(int processId)
    {
        var fields = StatFields(processId);
        return fields is null
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
    }

    /// <summary>Returns the CPU time of a process and all its direct children, such as a PostgreSQL server and its backends.</summary>
    public static TimeSpan OfTree(int parentId)
    {
        var total = Of(parentId);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && StatFields(id) is { } fields
                && fields[1] == parentId.ToString(CultureInfo.InvariantCulture))
            {
                total += Of(id);
            }
        }

        return total;
    }

    /// <summary>Returns the parent process id of a process.</summary>
    public static int ParentOf(int processId) =>
        int.Parse(StatFields(processId)?[1] ?? throw new InvalidOperationException($"Process {processId} does not exist."), CultureInfo.InvariantCulture);

    /// <summary>Returns the fields of /proc/PID/stat after the command name, starting with the state (field 3).</summary>
    private static string[]? StatFields(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may contain spaces, so split after its end.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
