namespace Honeytoken.Events.Tests;

/// <summary>A theory that is skipped, with the reason, when the public samples folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublicCasesTheoryAttribute : TheoryAttribute
{
    public PublicCasesTheoryAttribute()
    {
        Skip = PublicCasesFolder.SkipReason;
    }
}
