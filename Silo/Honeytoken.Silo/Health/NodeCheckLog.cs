using Microsoft.Extensions.Logging;

namespace Honeytoken.Silo.Health;

/// <summary>Log messages of the node checks, event ids 7020 to 7029.</summary>
internal static partial class NodeCheckLog
{
    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning, Message = "Node checks of silo {SiloAddress} failed to run or report")]
    public static partial void Failed(ILogger logger, string siloAddress, Exception exception);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Node checks of silo {SiloAddress} started, every {Period}")]
    public static partial void Started(ILogger logger, string siloAddress, TimeSpan period);
}
