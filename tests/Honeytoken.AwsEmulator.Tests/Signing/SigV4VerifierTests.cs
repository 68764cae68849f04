using System.Globalization;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.AwsEmulator.Tests.Signing;

/// <summary>
/// Checks the verifier against published SigV4 examples. The "suite" cases come from AWS's
/// SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html), as
/// reproduced in the aws-sig-v4-test-suite folder of the scratchstack-aws-signature crate
/// and in the AWS SDK for JavaScript's signature-v4 suite fixture. The S3 case is the
/// "GET Object" example of the Amazon S3 API reference page "Signature Calculations for the
/// Authorization Header: Transferring Payload in a Single Chunk".
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string SuiteKeyId = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteDate = "20150830T123600Z";
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static TheoryData<string, string, string, string, string, string> SuiteCases => new()
    {
        // name, method, path, query, extra headers ("Name: value" lines), expected signature
        { "get-vanilla", "GET", "/", "", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "post-vanilla", "POST", "/", "", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-header-value-case", "POST", "/", "", "My-Header1: VALUE1", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        { "get-header-value-trim", "GET", "/", "", "My-Header1:  value1\nMy-Header2: \"a   b   c\"", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
    };

    [Theory]
    [MemberData(nameof(SuiteCases))]
    public void Verify_SuiteVector_IsValid(string name, string method, string path, string query, string extraHeaders, string signature)
    {
        var (request, authorization) = SuiteRequest(method, path, query, extraHeaders, signature);

        var check = new SigV4Verifier(ClockAt(SuiteDate)).Verify(request, authorization, SuiteSecret);

        Assert.True(check == SignatureCheck.Valid, $"{name}: expected Valid, got {check}");
    }

    [Theory]
    [MemberData(nameof(SuiteCases))]
    public void Verify_SuiteVectorWithOtherSecret_IsMismatch(string name, string method, string path, string query, string extraHeaders, string signature)
    {
        var (request, authorization) = SuiteRequest(method, path, query, extraHeaders, signature);

        var check = new SigV4Verifier(ClockAt(SuiteDate)).Verify(request, authorization, SuiteSecret.Replace('+', '-'));

        Assert.True(check == SignatureCheck.Mismatch, $"{name}: expected Mismatch, got {check}");
    }

    [Fact]
    public void Verify_ChangedQueryValue_IsMismatch()
    {
        var (request, authorization) = SuiteRequest("GET", "/", "Param2=value2&Param1=value9", "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");

        var check = new SigV4Verifier(ClockAt(SuiteDate)).Verify(request, authorization, SuiteSecret);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Theory]
    [InlineData(4, SignatureCheck.Valid)]
    [InlineData(6, SignatureCheck.Expired)]
    [InlineData(-6, SignatureCheck.Expired)]
    public void Verify_ClockSkew_ExpiresAfterFiveMinutes(int skewMinutes, SignatureCheck expected)
    {
        var (request, authorization) = SuiteRequest("GET", "/", "", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        var clock = ClockAt(SuiteDate, TimeSpan.FromMinutes(skewMinutes));

        var check = new SigV4Verifier(clock).Verify(request, authorization, SuiteSecret);

        Assert.Equal(expected, check);
    }

    [Fact]
    public void Verify_S3GetObjectExample_IsValid()
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "examplebucket.s3.amazonaws.com"),
            new("Range", "bytes=0-9"),
            new("x-amz-content-sha256", EmptyPayloadHash),
            new("x-amz-date", "20130524T000000Z"),
            new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        };
        var request = new SignedRequest("GET", "/test.txt", "", headers, EmptyPayloadHash);
        var authorization = SigV4Authorization.Parse(request, new Dictionary<string, string>())!;

        var check = new SigV4Verifier(ClockAt("20130524T000000Z")).Verify(request, authorization, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        Assert.Equal(SignatureCheck.Valid, check);
        Assert.Equal("s3", authorization.Service);
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", authorization.AccessKeyId);
    }

    [Fact]
    public void Parse_AuthorizationWithoutScope_ThrowsFormatException()
    {
        var request = new SignedRequest("GET", "/", "",
            [new("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE, SignedHeaders=host, Signature=00"), new("X-Amz-Date", SuiteDate)],
            EmptyPayloadHash);

        Assert.Throws<FormatException>(() => SigV4Authorization.Parse(request, new Dictionary<string, string>()));
    }

    private static (SignedRequest Request, SigV4Authorization Authorization) SuiteRequest(string method, string path, string query, string extraHeaders, string signature)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com"), new("X-Amz-Date", SuiteDate) };
        var signedNames = new List<string> { "host", "x-amz-date" };
        foreach (var line in extraHeaders.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
            signedNames.Add(line[..colon].ToLowerInvariant());
        }

        signedNames.Sort(StringComparer.Ordinal);
        headers.Add(new("Authorization",
            $"AWS4-HMAC-SHA256 Credential={SuiteKeyId}/20150830/us-east-1/service/aws4_request, SignedHeaders={string.Join(';', signedNames)}, Signature={signature}"));
        var request = new SignedRequest(method, path, query, headers, EmptyPayloadHash);
        var authorization = SigV4Authorization.Parse(request, RequestReader.ParseQuery(query))!;
        return (request, authorization);
    }

    private static FakeTimeProvider ClockAt(string amzDate, TimeSpan offset = default) =>
        new(DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) + offset);
}
