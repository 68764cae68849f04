namespace Honeytoken.ServiceDefaults;

/// <summary>The telemetry identity of the process and where OTLP goes, fixed when the host is built.</summary>
/// <param name="ServiceName">The <c>service.name</c> resource attribute, such as <c>honeytoken-silo</c>.</param>
/// <param name="OtlpEndpoint">The OTLP collector from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or null when OTLP export is off.</param>
internal sealed record TelemetrySettings(string ServiceName, Uri? OtlpEndpoint);
