using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Honeytoken.Bench.Logs.Generation;

/// <summary>
/// Generates CloudTrail log files as a trail delivers them: gzipped <c>{"Records":[…]}</c>
/// documents under <c>AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/yyyy/MM/dd/</c>.
/// </summary>
/// <remarks>
/// The records follow the shapes of published CloudTrail samples: management and data events
/// of a dozen services with their request parameters, TLS details and resources; IAM users,
/// console sessions, assumed roles with session issuers and AWS services as callers; about
/// 7 % of records failing with an error code and message; and a few large records, such as
/// <c>RunInstances</c> responses of several kilobytes and Athena queries of up to about 105 KB.
/// A share of records, <see cref="CloudTrailLogOptions.HoneytokenRate"/>, are calls made with a
/// honeytoken key. Each file is generated from its own seed, so files can be made in parallel
/// and the same options always give the same bytes.
/// </remarks>
public sealed class CloudTrailLogGenerator
{
    private static readonly string[] Regions = ["us-east-1", "us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];

    private static readonly string[] UserAgents =
    [
        "aws-cli/2.15.59 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe",
        "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.215-203.850.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84",
        "aws-sdk-java/2.25.28 Linux/5.10.214-202.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
        "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.6",
        "terraform-provider-aws/5.46.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.51.21 (go1.22.2; linux; amd64)",
        "AWS Internal",
        "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.219-186.866.amzn2int.x86_64]",
    ];

    private static readonly string[] ServicePrincipals =
        ["ec2.amazonaws.com", "lambda.amazonaws.com", "cloudtrail.amazonaws.com", "ecs-tasks.amazonaws.com", "autoscaling.amazonaws.com"];

    private static readonly string[] AttackerUserAgents =
        ["TruffleHog", "aws-cli/1.18.69 Python/2.7.18 Linux/4.14.0 botocore/1.16.19", "Boto3/1.7.61 Python/3.7.0 Windows/10 Botocore/1.10.62", "python-requests/2.31.0"];

    private readonly CloudTrailLogOptions _options;
    private readonly IdentityPool _identities;

    /// <summary>Creates a generator; the identities of the account are drawn from the options' seed.</summary>
    public CloudTrailLogGenerator(CloudTrailLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _identities = new IdentityPool(new Random(options.Seed));
    }

    /// <summary>Generates every file, one after the other.</summary>
    public IEnumerable<GeneratedLogFile> GenerateAll()
    {
        for (var index = 0; index < _options.Files; index++)
        {
            yield return GenerateFile(index);
        }
    }

    /// <summary>Generates the file at <paramref name="index"/>, from 0 to <see cref="CloudTrailLogOptions.Files"/> − 1.</summary>
    public GeneratedLogFile GenerateFile(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _options.Files);

        var random = new Random(HashCode.Combine(_options.Seed, index));
        var fileTime = _options.Start.AddMinutes(5 * index);
        var buffer = new ArrayBufferWriter<byte>(_options.RecordsPerFile * 1600 + 1024);
        var hits = 0;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            for (var i = 0; i < _options.RecordsPerFile; i++)
            {
                var eventTime = fileTime.AddMilliseconds(-random.Next(300_000));
                if (_options.HoneytokenRate > 0 && random.NextDouble() < _options.HoneytokenRate)
                {
                    var key = _options.HoneytokenAccessKeyIds[random.Next(_options.HoneytokenAccessKeyIds.Count)];
                    new RecordWriter(writer, random, _identities, _options).WriteHoneytokenCall(key, eventTime);
                    hits++;
                }
                else
                {
                    new RecordWriter(writer, random, _identities, _options).WriteOrdinaryCall(eventTime);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var content = Gzip(buffer.WrittenSpan);
        return new GeneratedLogFile(ObjectKey(fileTime, random), content, buffer.WrittenCount, _options.RecordsPerFile, hits);
    }

    private string ObjectKey(DateTimeOffset fileTime, Random random)
    {
        var account = _options.AccountId;
        var region = _options.Region;
        var time = fileTime.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"AWSLogs/{account}/CloudTrail/{region}/{time:yyyy'/'MM'/'dd}/{account}_CloudTrail_{region}_{time:yyyyMMdd'T'HHmm'Z'}_{RandomText.Mixed(random, 16).Replace('-', 'x').Replace('_', 'y')}.json.gz");
    }

    private static byte[] Gzip(ReadOnlySpan<byte> json)
    {
        using var output = new MemoryStream(json.Length / 8);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    /// <summary>Writes one record of a file; a value type so that a record costs no allocation of its own.</summary>
    private readonly ref struct RecordWriter(Utf8JsonWriter writer, Random random, IdentityPool identities, CloudTrailLogOptions options)
    {
        public void WriteHoneytokenCall(string accessKeyId, DateTimeOffset eventTime)
        {
            // Someone who found the key checks who it is, then probes what it can do.
            var (source, name) = random.Next(5) switch
            {
                0 or 1 => ("sts.amazonaws.com", "GetCallerIdentity"),
                2 => ("s3.amazonaws.com", "ListBuckets"),
                3 => ("iam.amazonaws.com", "ListUsers"),
                _ => ("ec2.amazonaws.com", "DescribeInstances"),
            };
            var userName = "ci-deploy-" + accessKeyId[^4..].ToLowerInvariant();
            var arn = $"arn:aws:iam::{options.AccountId}:user/{userName}";
            var denied = name is "ListUsers" or "DescribeInstances";

            writer.WriteStartObject();
            writer.WriteString("eventVersion", "1.09");
            writer.WriteStartObject("userIdentity");
            writer.WriteString("type", "IAMUser");
            writer.WriteString("principalId", "AIDA" + accessKeyId[4..].PadRight(17, 'Q')[..17]);
            writer.WriteString("arn", arn);
            writer.WriteString("accountId", options.AccountId);
            writer.WriteString("accessKeyId", accessKeyId);
            writer.WriteString("userName", userName);
            writer.WriteEndObject();
            WriteCommon(source, name, eventTime, "us-east-1", $"198.51.100.{random.Next(1, 255)}", AttackerUserAgents[random.Next(AttackerUserAgents.Length)]);
            if (denied)
            {
                WriteAccessDenied(arn, name, source);
            }

            writer.WriteNull("requestParameters");
            writer.WriteNull("responseElements");
            WriteTail(readOnly: true, "AwsApiCall", management: true, source);
            writer.WriteEndObject();
        }

        public void WriteOrdinaryCall(DateTimeOffset eventTime)
        {
            var choice = random.Next(1000);
            if (choice < 15)
            {
                WriteConsoleLogin(eventTime);
                return;
            }

            var caller = choice switch
            {
                < 250 => CallerKind.IamUser,
                < 300 => CallerKind.ConsoleUser,
                < 850 => CallerKind.AssumedRole,
                _ => CallerKind.AwsService,
            };
            WriteApiCall(caller, eventTime);
        }

        private void WriteApiCall(CallerKind caller, DateTimeOffset eventTime)
        {
            var call = random.Next(100);
            var region = Regions[random.Next(Regions.Length)];
            writer.WriteStartObject();
            writer.WriteString("eventVersion", "1.09");
            var arn = WriteIdentity(caller);
            var userAgent = caller == CallerKind.AwsService ? "AWS Internal" : UserAgents[random.Next(UserAgents.Length)];
            var sourceIp = caller == CallerKind.AwsService ? "AWS Internal" : $"{random.Next(3, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

            var (source, name, readOnly, management) = call switch
            {
                < 14 => ("sts.amazonaws.com", caller == CallerKind.AwsService ? "AssumeRole" : "GetCallerIdentity", caller != CallerKind.AwsService, true),
                < 30 => ("s3.amazonaws.com", "GetObject", true, false),
                < 38 => ("s3.amazonaws.com", "PutObject", false, false),
                < 52 => ("ec2.amazonaws.com", "DescribeInstances", true, true),
                < 54 => ("ec2.amazonaws.com", "RunInstances", false, true),
                < 66 => ("kms.amazonaws.com", "Decrypt", true, true),
                < 76 => ("dynamodb.amazonaws.com", "GetItem", true, false),
                < 84 => ("logs.amazonaws.com", "CreateLogStream", false, true),
                < 90 => ("lambda.amazonaws.com", "ListFunctions20150331", true, true),
                < 96 => ("iam.amazonaws.com", "GetRole", true, true),
                < 99 => ("s3.amazonaws.com", "ListBuckets", true, true),
                _ => ("athena.amazonaws.com", "StartQueryExecution", false, true),
            };

            WriteCommon(source, name, eventTime, region, sourceIp, userAgent);

            var failed = caller != CallerKind.AwsService && random.Next(100) < 8;
            if (failed)
            {
                WriteError(arn, name, source);
            }

            WriteRequestParameters(name, region);
            if (failed)
            {
                writer.WriteNull("responseElements");
            }
            else
            {
                WriteResponseElements(name, region);
            }

            if (!management)
            {
                WriteDataEventDetails(name, region);
            }

            WriteTail(readOnly, caller == CallerKind.AwsService && name != "AssumeRole" ? "AwsServiceEvent" : "AwsApiCall", management, source);
            writer.WriteEndObject();
        }

        private string WriteIdentity(CallerKind caller)
        {
            var account = options.AccountId;
            writer.WriteStartObject("userIdentity");
            string arn;
            switch (caller)
            {
                case CallerKind.IamUser:
                case CallerKind.ConsoleUser:
                {
                    var user = identities.Users[random.Next(identities.Users.Count)];
                    arn = $"arn:aws:iam::{account}:user/{user.UserName}";
                    writer.WriteString("type", "IAMUser");
                    writer.WriteString("principalId", user.PrincipalId);
                    writer.WriteString("arn", arn);
                    writer.WriteString("accountId", account);
                    writer.WriteString("accessKeyId", caller == CallerKind.ConsoleUser ? user.ConsoleAccessKeyId : user.AccessKeyId);
                    writer.WriteString("userName", user.UserName);
                    if (caller == CallerKind.ConsoleUser)
                    {
                        // Console sessions of IAM users carry an empty session issuer.
                        writer.WriteStartObject("sessionContext");
                        writer.WriteStartObject("sessionIssuer");
                        writer.WriteEndObject();
                        writer.WriteStartObject("webIdFederationData");
                        writer.WriteEndObject();
                        WriteSessionAttributes(mfa: true);
                        writer.WriteEndObject();
                    }

                    break;
                }

                case CallerKind.AssumedRole:
                {
                    var role = identities.Roles[random.Next(identities.Roles.Count)];
                    var (session, keyId) = role.Sessions[random.Next(role.Sessions.Count)];
                    arn = $"arn:aws:sts::{account}:assumed-role/{role.RoleName}/{session}";
                    writer.WriteString("type", "AssumedRole");
                    writer.WriteString("principalId", $"{role.RoleId}:{session}");
                    writer.WriteString("arn", arn);
                    writer.WriteString("accountId", account);
                    writer.WriteString("accessKeyId", keyId);
                    writer.WriteStartObject("sessionContext");
                    writer.WriteStartObject("sessionIssuer");
                    writer.WriteString("type", "Role");
                    writer.WriteString("principalId", role.RoleId);
                    writer.WriteString("arn", $"arn:aws:iam::{account}:role/{role.RoleName}");
                    writer.WriteString("accountId", account);
                    writer.WriteString("userName", role.RoleName);
                    writer.WriteEndObject();
                    writer.WriteStartObject("webIdFederationData");
                    writer.WriteEndObject();
                    WriteSessionAttributes(mfa: false);
                    if (session.StartsWith("i-", StringComparison.Ordinal))
                    {
                        writer.WriteString("ec2RoleDelivery", "2.0");
                    }

                    writer.WriteEndObject();
                    break;
                }

                default:
                {
                    var service = ServicePrincipals[random.Next(ServicePrincipals.Length)];
                    arn = service;
                    writer.WriteString("type", "AWSService");
                    writer.WriteString("invokedBy", service);
                    break;
                }
            }

            writer.WriteEndObject();
            return arn;
        }

        private void WriteSessionAttributes(bool mfa)
        {
            writer.WriteStartObject("attributes");
            writer.WriteString("creationDate", "2026-01-05T06:12:41Z");
            writer.WriteString("mfaAuthenticated", mfa ? "true" : "false");
            writer.WriteEndObject();
        }

        private void WriteCommon(string source, string name, DateTimeOffset eventTime, string region, string sourceIp, string userAgent)
        {
            writer.WriteString("eventTime", eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("eventSource", source);
            writer.WriteString("eventName", name);
            writer.WriteString("awsRegion", region);
            writer.WriteString("sourceIPAddress", sourceIp);
            writer.WriteString("userAgent", userAgent);
        }

        private void WriteAccessDenied(string arn, string name, string source)
        {
            var service = source[..source.IndexOf('.', StringComparison.Ordinal)];
            writer.WriteString("errorCode", service == "ec2" ? "Client.UnauthorizedOperation" : "AccessDenied");
            writer.WriteString("errorMessage",
                $"User: {arn} is not authorized to perform: {service}:{name} on resource: * because no identity-based policy allows the {service}:{name} action");
        }

        private void WriteError(string arn, string name, string source)
        {
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    WriteAccessDenied(arn, name, source);
                    break;
                case 2:
                    // EC2 appends an encoded authorization message of about a kilobyte.
                    writer.WriteString("errorCode", "Client.UnauthorizedOperation");
                    writer.WriteString("errorMessage", $"You are not authorized to perform this operation. User: {arn} is not authorized to perform: {name}. Encoded authorization failure message: {RandomText.Mixed(random, 1100)}");
                    break;
                case 3:
                    writer.WriteString("errorCode", "ThrottlingException");
                    writer.WriteString("errorMessage", "Rate exceeded");
                    break;
                default:
                    writer.WriteString("errorCode", name.StartsWith("Get", StringComparison.Ordinal) ? "NoSuchKey" : "ResourceNotFoundException");
                    writer.WriteString("errorMessage", "The specified resource does not exist.");
                    break;
            }
        }

        private void WriteRequestParameters(string name, string region)
        {
            switch (name)
            {
                case "GetCallerIdentity":
                case "ListFunctions20150331":
                    writer.WriteNull("requestParameters");
                    return;
            }

            writer.WriteStartObject("requestParameters");
            switch (name)
            {
                case "AssumeRole":
                    writer.WriteString("roleArn", $"arn:aws:iam::{options.AccountId}:role/{identities.Roles[random.Next(identities.Roles.Count)].RoleName}");
                    writer.WriteString("roleSessionName", $"i-0{RandomText.Hex(random, 16)}");
                    break;
                case "GetObject":
                case "PutObject":
                    writer.WriteString("bucketName", $"app-data-{options.AccountId}-{region}");
                    writer.WriteString("Host", $"app-data-{options.AccountId}-{region}.s3.{region}.amazonaws.com");
                    writer.WriteString("key", $"exports/{random.Next(2020, 2027)}/{RandomText.Hex(random, 8)}/part-{random.Next(10000):D5}.parquet");
                    if (name == "PutObject")
                    {
                        writer.WriteString("x-amz-server-side-encryption", "aws:kms");
                    }

                    break;
                case "DescribeInstances":
                    writer.WriteStartObject("instancesSet");
                    writer.WriteStartArray("items");
                    for (var i = random.Next(1, 4); i > 0; i--)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("instanceId", "i-0" + RandomText.Hex(random, 16));
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteStartObject("filterSet");
                    writer.WriteStartArray("items");
                    writer.WriteStartObject();
                    writer.WriteString("name", "instance-state-name");
                    writer.WriteStartObject("valueSet");
                    writer.WriteStartArray("items");
                    writer.WriteStartObject();
                    writer.WriteString("value", "running");
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    break;
                case "RunInstances":
                    writer.WriteStartObject("instancesSet");
                    writer.WriteStartArray("items");
                    writer.WriteStartObject();
                    writer.WriteString("imageId", "ami-0" + RandomText.Hex(random, 16));
                    writer.WriteNumber("minCount", 1);
                    writer.WriteNumber("maxCount", 4);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteString("instanceType", "m7g.large");
                    writer.WriteString("userData", "<sensitiveDataRemoved>");
                    break;
                case "Decrypt":
                    writer.WriteStartObject("encryptionContext");
                    writer.WriteString("aws:lambda:FunctionArn", $"arn:aws:lambda:{region}:{options.AccountId}:function:worker-{random.Next(40)}");
                    writer.WriteEndObject();
                    writer.WriteString("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                    break;
                case "GetItem":
                    writer.WriteString("tableName", $"orders-{random.Next(8)}");
                    writer.WriteStartObject("key");
                    writer.WriteString("pk", "ORDER#" + RandomText.Hex(random, 12));
                    writer.WriteString("sk", "ITEM#" + random.Next(100));
                    writer.WriteEndObject();
                    writer.WriteBoolean("consistentRead", false);
                    break;
                case "CreateLogStream":
                    writer.WriteString("logGroupName", $"/aws/lambda/worker-{random.Next(40)}");
                    writer.WriteString("logStreamName", $"2026/01/05/[$LATEST]{RandomText.Hex(random, 32)}");
                    break;
                case "GetRole":
                    writer.WriteString("roleName", identities.Roles[random.Next(identities.Roles.Count)].RoleName);
                    break;
                case "ListBuckets":
                    writer.WriteString("Host", $"s3.{region}.amazonaws.com");
                    break;
                case "StartQueryExecution":
                    WriteAthenaQuery();
                    break;
            }

            writer.WriteEndObject();
        }

        private void WriteAthenaQuery()
        {
            // Most queries are short; about one in fifty is a generated query of about 15 KB to 105 KB.
            var columns = random.Next(50) == 0 ? random.Next(400, 2400) : random.Next(3, 12);
            var query = new System.Text.StringBuilder("SELECT ");
            for (var i = 0; i < columns; i++)
            {
                query.Append(i == 0 ? "" : ", ").Append("coalesce(t.metric_").Append(i).Append(", 0) AS metric_").Append(i);
            }

            query.Append(" FROM analytics.events t WHERE t.day = '2026-01-05'");
            writer.WriteString("queryString", query.ToString());
            writer.WriteString("clientRequestToken", RandomText.Guid(random).ToString());
            writer.WriteStartObject("queryExecutionContext");
            writer.WriteString("database", "analytics");
            writer.WriteEndObject();
            writer.WriteString("workGroup", "primary");
        }

        private void WriteResponseElements(string name, string region)
        {
            switch (name)
            {
                case "AssumeRole":
                    writer.WriteStartObject("responseElements");
                    writer.WriteStartObject("credentials");
                    writer.WriteString("accessKeyId", "ASIA" + RandomText.Upper(random, 16));
                    writer.WriteString("sessionToken", RandomText.Mixed(random, 400));
                    writer.WriteString("expiration", "Jan 5, 2026, 2:15:32 PM");
                    writer.WriteEndObject();
                    writer.WriteStartObject("assumedRoleUser");
                    writer.WriteString("assumedRoleId", "AROA" + RandomText.Upper(random, 17) + ":i-0" + RandomText.Hex(random, 16));
                    writer.WriteString("arn", $"arn:aws:sts::{options.AccountId}:assumed-role/ec2-instance-role-00/i-0{RandomText.Hex(random, 16)}");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case "RunInstances":
                    WriteRunInstancesResponse(region);
                    break;
                case "Decrypt":
                    writer.WriteStartObject("responseElements");
                    writer.WriteString("keyId", $"arn:aws:kms:{region}:{options.AccountId}:key/{RandomText.Guid(random)}");
                    writer.WriteString("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                    writer.WriteEndObject();
                    break;
                case "PutObject":
                    writer.WriteStartObject("responseElements");
                    writer.WriteString("x-amz-server-side-encryption", "aws:kms");
                    writer.WriteString("x-amz-version-id", RandomText.Mixed(random, 32));
                    writer.WriteEndObject();
                    break;
                case "StartQueryExecution":
                    writer.WriteStartObject("responseElements");
                    writer.WriteString("queryExecutionId", RandomText.Guid(random).ToString());
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteNull("responseElements");
                    break;
            }
        }

        private void WriteRunInstancesResponse(string region)
        {
            writer.WriteStartObject("responseElements");
            writer.WriteString("requestId", RandomText.Guid(random).ToString());
            writer.WriteString("reservationId", "r-0" + RandomText.Hex(random, 16));
            writer.WriteString("ownerId", options.AccountId);
            writer.WriteStartObject("instancesSet");
            writer.WriteStartArray("items");
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                writer.WriteStartObject();
                writer.WriteString("instanceId", "i-0" + RandomText.Hex(random, 16));
                writer.WriteString("imageId", "ami-0" + RandomText.Hex(random, 16));
                writer.WriteStartObject("instanceState");
                writer.WriteNumber("code", 0);
                writer.WriteString("name", "pending");
                writer.WriteEndObject();
                writer.WriteString("privateDnsName", $"ip-10-0-{random.Next(256)}-{random.Next(256)}.{region}.compute.internal");
                writer.WriteNumber("amiLaunchIndex", 0);
                writer.WriteString("instanceType", "m7g.large");
                writer.WriteNumber("launchTime", 1_767_600_000_000 + random.Next(300_000));
                writer.WriteStartObject("placement");
                writer.WriteString("availabilityZone", region + "a");
                writer.WriteString("tenancy", "default");
                writer.WriteEndObject();
                writer.WriteStartObject("monitoring");
                writer.WriteString("state", "disabled");
                writer.WriteEndObject();
                writer.WriteString("subnetId", "subnet-0" + RandomText.Hex(random, 16));
                writer.WriteString("vpcId", "vpc-0" + RandomText.Hex(random, 16));
                writer.WriteString("privateIpAddress", $"10.0.{random.Next(256)}.{random.Next(256)}");
                writer.WriteStartObject("groupSet");
                writer.WriteStartArray("items");
                for (var g = 0; g < 3; g++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("groupId", "sg-0" + RandomText.Hex(random, 16));
                    writer.WriteString("groupName", $"service-{g}");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteString("architecture", "arm64");
                writer.WriteString("rootDeviceType", "ebs");
                writer.WriteString("rootDeviceName", "/dev/xvda");
                writer.WriteStartObject("networkInterfaceSet");
                writer.WriteStartArray("items");
                writer.WriteStartObject();
                writer.WriteString("networkInterfaceId", "eni-0" + RandomText.Hex(random, 16));
                writer.WriteString("macAddress", "0a:" + RandomText.Hex(random, 2) + ":" + RandomText.Hex(random, 2) + ":00:00:01");
                writer.WriteString("sourceDestCheck", "true");
                writer.WriteString("interfaceType", "interface");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteStartObject("tagSet");
                writer.WriteStartArray("items");
                foreach (var (tagKey, tagValue) in new[] { ("Name", "worker"), ("team", "payments"), ("aws:autoscaling:groupName", "workers-asg") })
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", tagKey);
                    writer.WriteString("value", tagValue);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private void WriteDataEventDetails(string name, string region)
        {
            writer.WriteStartObject("additionalEventData");
            writer.WriteString("SignatureVersion", "SigV4");
            writer.WriteString("CipherSuite", "TLS_AES_128_GCM_SHA256");
            writer.WriteNumber("bytesTransferredIn", name == "PutObject" ? random.Next(100, 5_000_000) : 0);
            writer.WriteString("AuthenticationMethod", "AuthHeader");
            writer.WriteString("x-amz-id-2", RandomText.Mixed(random, 76));
            writer.WriteNumber("bytesTransferredOut", name == "GetObject" ? random.Next(100, 5_000_000) : 0);
            writer.WriteEndObject();
            writer.WriteStartArray("resources");
            writer.WriteStartObject();
            writer.WriteString("type", name == "GetItem" ? "AWS::DynamoDB::Table" : "AWS::S3::Object");
            writer.WriteString("ARN", name == "GetItem"
                ? $"arn:aws:dynamodb:{region}:{options.AccountId}:table/orders"
                : $"arn:aws:s3:::app-data-{options.AccountId}-{region}/exports/{RandomText.Hex(random, 8)}");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        private void WriteConsoleLogin(DateTimeOffset eventTime)
        {
            var user = identities.Users[random.Next(identities.Users.Count)];
            var success = random.Next(10) > 0;
            writer.WriteStartObject();
            writer.WriteString("eventVersion", "1.09");
            writer.WriteStartObject("userIdentity");
            writer.WriteString("type", "IAMUser");
            writer.WriteString("principalId", user.PrincipalId);
            writer.WriteString("arn", $"arn:aws:iam::{options.AccountId}:user/{user.UserName}");
            writer.WriteString("accountId", options.AccountId);
            writer.WriteString("accessKeyId", "");
            writer.WriteString("userName", user.UserName);
            writer.WriteEndObject();
            WriteCommon("signin.amazonaws.com", "ConsoleLogin", eventTime, "us-east-1", $"{random.Next(3, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
            if (!success)
            {
                writer.WriteString("errorMessage", "Failed authentication");
            }

            writer.WriteNull("requestParameters");
            writer.WriteStartObject("responseElements");
            writer.WriteString("ConsoleLogin", success ? "Success" : "Failure");
            writer.WriteEndObject();
            writer.WriteStartObject("additionalEventData");
            writer.WriteString("LoginTo", "https://console.aws.amazon.com/console/home");
            writer.WriteString("MobileVersion", "No");
            writer.WriteString("MFAUsed", "Yes");
            writer.WriteEndObject();
            WriteTail(readOnly: false, "AwsConsoleSignIn", management: true, "signin.amazonaws.com");
            writer.WriteEndObject();
        }

        private void WriteTail(bool readOnly, string eventType, bool management, string source)
        {
            writer.WriteString("requestID", RandomText.Guid(random).ToString());
            writer.WriteString("eventID", RandomText.Guid(random).ToString());
            writer.WriteBoolean("readOnly", readOnly);
            writer.WriteString("eventType", eventType);
            writer.WriteBoolean("managementEvent", management);
            writer.WriteString("recipientAccountId", options.AccountId);
            writer.WriteString("eventCategory", management ? "Management" : "Data");
            if (eventType == "AwsApiCall")
            {
                writer.WriteStartObject("tlsDetails");
                writer.WriteString("tlsVersion", "TLSv1.3");
                writer.WriteString("cipherSuite", "TLS_AES_128_GCM_SHA256");
                writer.WriteString("clientProvidedHostHeader", source);
                writer.WriteEndObject();
            }
        }
    }
}
