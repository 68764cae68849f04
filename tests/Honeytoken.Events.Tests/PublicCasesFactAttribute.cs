namespace Honeytoken.Events.Tests;

/// <summary>A fact that is skipped, with the reason, when the public samples folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublicCasesFactAttribute : FactAttribute
{
    public PublicCasesFactAttribute()
    {
        Skip = PublicCasesFolder.SkipReason;
    }
}
