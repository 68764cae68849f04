using Microsoft.Extensions.Logging;

namespace Honeytoken.ServiceDefaults;

/// <summary>Log messages of the telemetry set-up.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Serving Prometheus metrics at http://{Address}:{Port}{Path}")]
    public static partial void MetricsEndpointListening(ILogger logger, string address, int port, string path);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Exporting metrics, traces and logs over OTLP to {Endpoint} as service {ServiceName}")]
    public static partial void OtlpExportEnabled(ILogger logger, string endpoint, string serviceName);
}
