using System.Diagnostics;

namespace Honeytoken.Grains.Telemetry;

/// <summary>
/// The service's own trace spans. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null while no tracer listens, so the spans cost nothing without an exporter.
/// </summary>
public static class HoneytokenActivitySource
{
    /// <summary>The name that the tracer subscribes to.</summary>
    public const string Name = "Honeytoken";

    /// <summary>The source of every span the service starts.</summary>
    public static ActivitySource Instance { get; } = new(Name);
}
