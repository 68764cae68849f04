using Honeytoken.Api.Validation;
using Honeytoken.Grains.Storage;

namespace Honeytoken.Api.Tests.Hosting;

/// <summary>Which failures the Api returns 503 for, and what it names as unavailable.</summary>
public sealed class UnavailableDependencyTests
{
    [Fact]
    public void UnavailableDependency_DatabaseUnavailableFromSilo_NamesDatabase()
    {
        Assert.Equal("database", UnavailableDependencyExceptionHandler.UnavailableDependency(new DatabaseUnavailableException()));

        // Orleans may wrap what a grain threw, so the inner exceptions count too.
        var wrapped = new InvalidOperationException("The grain call failed.", new DatabaseUnavailableException());
        Assert.Equal("database", UnavailableDependencyExceptionHandler.UnavailableDependency(wrapped));
    }

    [Fact]
    public void UnavailableDependency_Bug_IsNotMapped() =>
        Assert.Null(UnavailableDependencyExceptionHandler.UnavailableDependency(new InvalidOperationException("A bug.")));
}
