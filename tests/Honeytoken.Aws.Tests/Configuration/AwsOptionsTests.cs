using Honeytoken.Grains.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Aws.Tests.Configuration;

/// <summary>Endpoint and retry settings default to AWS and reject invalid values with the setting's name.</summary>
public sealed class AwsOptionsTests
{
    [Fact]
    public void Defaults_AreTheRealAwsEndpoints()
    {
        var options = new AwsEndpointOptions();

        Assert.Equal(new Uri("https://sts.amazonaws.com"), options.Sts);
        Assert.Equal(new Uri("https://sts.us-west-2.amazonaws.com"), options.StsRegional);
        Assert.Equal(new Uri("https://iam.amazonaws.com"), options.Iam);
        Assert.Equal(new Uri("https://s3-accesspoint.us-west-2.amazonaws.com"), options.S3AccessPoint);
        Assert.Equal(new Uri("https://organizations.us-east-1.amazonaws.com"), options.Organizations);
        Assert.Equal("us-west-2", options.LogRegion);
        Assert.Null(options.S3Proxy);
        Assert.True(new AwsEndpointOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(new AwsRetryOptionsValidator().Validate(null, new AwsRetryOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Iam", "iam.amazonaws.com")]
    [InlineData("Sts", "ftp://sts.amazonaws.com")]
    [InlineData("Organizations", "/organizations")]
    [InlineData("S3Proxy", "proxy:4566")]
    [InlineData("StsRegional", "https://sts.us-west-2.amazonaws.com/?a=b")]
    public void Endpoint_Invalid_FailsNamingTheSetting(string setting, string value)
    {
        ServiceProvider services = Build(new Dictionary<string, string?> { [$"Aws:Endpoints:{setting}"] = value });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<AwsEndpointOptions>>().Value);

        string failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Aws:Endpoints:{setting} ", failure, StringComparison.Ordinal);
        Assert.Contains("http", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void LogRegion_Invalid_FailsNamingTheSetting()
    {
        ServiceProvider services = Build(new Dictionary<string, string?> { ["Aws:Endpoints:LogRegion"] = "Oregon" });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<AwsEndpointOptions>>().Value);

        Assert.Contains("Aws:Endpoints:LogRegion 'Oregon'", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxAttempts", "0")]
    [InlineData("MaxAttempts", "21")]
    [InlineData("BaseDelay", "-00:00:01")]
    [InlineData("MaxDelay", "00:00:00.050")]
    public void Retry_Invalid_FailsNamingTheSetting(string setting, string value)
    {
        ServiceProvider services = Build(new Dictionary<string, string?> { [$"Aws:Retry:{setting}"] = value });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<AwsRetryOptions>>().Value);

        Assert.StartsWith($"Aws:Retry:{setting} ", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_BindsEndpointsAndBuildsFactory()
    {
        ServiceProvider services = Build(new Dictionary<string, string?>
        {
            ["Aws:Endpoints:Iam"] = "http://127.0.0.1:4566",
            ["Aws:Endpoints:S3Proxy"] = "http://127.0.0.1:4566",
            ["Aws:Retry:MaxAttempts"] = "3",
        });

        AwsClientFactory factory = services.GetRequiredService<AwsClientFactory>();

        Assert.Equal(new Uri("http://127.0.0.1:4566"), factory.Endpoints.Iam);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), factory.Endpoints.S3Proxy);
        Assert.Equal(new Uri("https://sts.amazonaws.com"), factory.Endpoints.Sts);
        Assert.Equal(3, services.GetRequiredService<IOptions<AwsRetryOptions>>().Value.MaxAttempts);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders())
            .AddHoneytokenAwsClients(configuration)
            .BuildServiceProvider();
    }
}
