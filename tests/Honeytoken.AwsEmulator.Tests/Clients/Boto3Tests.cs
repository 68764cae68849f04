using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Clients;

/// <summary>boto3 under Debian's Python (<c>/usr/bin/python3</c>) against the emulator.</summary>
public sealed class Boto3Tests : IAsyncLifetime
{
    // Shared by the scripts: sessions built from the environment that the test sets.
    private const string Prelude = """
        import json, os, time
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError

        ENDPOINT = os.environ["ENDPOINT"]

        def client(service, key=None, secret=None, token=None, region="us-east-1", **config):
            return boto3.session.Session(
                aws_access_key_id=key or os.environ["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
                aws_session_token=token,
                region_name=region,
            ).client(service, endpoint_url=ENDPOINT, config=Config(**config))

        def error_code(call):
            try:
                call()
            except ClientError as error:
                return error.response["Error"]["Code"]
            return None

        """;

    private AwsEmulatorHost aws = null!;

    public async Task InitializeAsync() => aws = await Emulator.StartAsync();

    public async Task DisposeAsync() => await aws.DisposeAsync();

    [Fact]
    public async Task IamAndSts_ProvisioningFlow_Works()
    {
        var output = await RunAsync("""
            iam = client("iam")
            iam.create_user(UserName="build-agent")
            key = iam.create_access_key(UserName="build-agent")["AccessKey"]
            for i in range(4):
                iam.create_user(UserName=f"pool-user-{i}")
            pages = list(iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}))
            sts = client("sts")
            session = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/HoneytokenManager", RoleSessionName="boto", ExternalId="honeytoken-local-external-id")
            creds = session["Credentials"]
            as_role = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).get_caller_identity()
            as_user = client("sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity()
            print(json.dumps({
                "keyId": key["AccessKeyId"], "secretLength": len(key["SecretAccessKey"]),
                "pages": len(pages), "users": sum(len(p["Users"]) for p in pages),
                "roleArn": as_role["Arn"], "userArn": as_user["Arn"],
            }))
            """);

        Assert.Matches("^AKIA[A-Z2-7]{16}$", output["keyId"]!.GetValue<string>());
        Assert.Equal(40, output["secretLength"]!.GetValue<int>());
        Assert.Equal(3, output["pages"]!.GetValue<int>());
        Assert.Equal(6, output["users"]!.GetValue<int>());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/HoneytokenManager/boto", output["roleArn"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::123456789012:user/build-agent", output["userArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Iam_KeyAndUserLifecycle_FollowsIamRules()
    {
        var output = await RunAsync("""
            iam = client("iam")
            iam.create_user(UserName="rotating", Tags=[{"Key": "team", "Value": "payments"}])
            iam.tag_user(UserName="rotating", Tags=[{"Key": "owner", "Value": "alice"}])
            tags = sorted(t["Key"] for t in iam.get_user(UserName="rotating")["User"]["Tags"])
            key = iam.create_access_key(UserName="rotating")["AccessKey"]
            never_used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
            client("sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity()
            used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
            iam.update_access_key(UserName="rotating", AccessKeyId=key["AccessKeyId"], Status="Inactive")
            inactive = error_code(lambda: client("sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity())
            listed = iam.list_access_keys(UserName="rotating")["AccessKeyMetadata"]
            conflict = error_code(lambda: iam.delete_user(UserName="rotating"))
            summary = iam.get_account_summary()["SummaryMap"]
            no_report = error_code(lambda: iam.get_credential_report())
            iam.generate_credential_report()
            report = iam.get_credential_report()["Content"].decode()
            iam.delete_access_key(UserName="rotating", AccessKeyId=key["AccessKeyId"])
            iam.delete_user(UserName="rotating")
            print(json.dumps({
                "tags": tags,
                "neverUsed": [never_used["ServiceName"], never_used["Region"], "LastUsedDate" in never_used],
                "used": [used["ServiceName"], used["Region"], "LastUsedDate" in used],
                "inactive": inactive,
                "listed": [k["Status"] for k in listed],
                "conflict": conflict,
                "usersQuota": summary["UsersQuota"], "keysQuota": summary["AccessKeysPerUserQuota"],
                "noReport": no_report,
                "reportHasUser": "rotating,arn:aws:iam::123456789012:user/rotating" in report,
                "deleted": error_code(lambda: iam.get_user(UserName="rotating")),
            }))
            """);

        Assert.Equal("[\"owner\",\"team\"]", output["tags"]!.ToJsonString());
        Assert.Equal("[\"N/A\",\"N/A\",false]", output["neverUsed"]!.ToJsonString());
        Assert.Equal("[\"sts\",\"us-east-1\",true]", output["used"]!.ToJsonString());
        Assert.Equal("InvalidClientTokenId", output["inactive"]!.GetValue<string>());
        Assert.Equal("[\"Inactive\"]", output["listed"]!.ToJsonString());
        Assert.Equal("DeleteConflict", output["conflict"]!.GetValue<string>());
        Assert.Equal(5000, output["usersQuota"]!.GetValue<int>());
        Assert.Equal(2, output["keysQuota"]!.GetValue<int>());
        Assert.Equal("ReportNotPresent", output["noReport"]!.GetValue<string>());
        Assert.True(output["reportHasUser"]!.GetValue<bool>());
        Assert.Equal("NoSuchEntity", output["deleted"]!.GetValue<string>());
        var tagRecord = Assert.Single(await aws.RecordsOfAsync("TagUser"));
        Assert.Equal("rotating", tagRecord["requestParameters"]!["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Organizations_CreateAccount_ReachesSucceeded()
    {
        var output = await RunAsync("""
            org = client("organizations")
            request = org.create_account(AccountName="pool-2", Email="pool-2@example.com")["CreateAccountStatus"]
            deadline = time.monotonic() + 30
            status = request
            while status["State"] == "IN_PROGRESS" and time.monotonic() < deadline:
                time.sleep(0.1)
                status = org.describe_create_account_status(CreateAccountRequestId=request["Id"])["CreateAccountStatus"]
            pages = list(org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 1}))
            accounts = [a["Id"] for page in pages for a in page["Accounts"]]
            print(json.dumps({"first": request["State"], "state": status["State"], "accountId": status.get("AccountId"), "accounts": accounts, "pages": len(pages)}))
            """);

        Assert.Equal("IN_PROGRESS", output["first"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", output["state"]!.GetValue<string>());
        Assert.Equal(["123456789012", output["accountId"]!.GetValue<string>()], output["accounts"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(2, output["pages"]!.GetValue<int>());
    }

    [Fact]
    public async Task AccessPointArn_ListAndGetObject_ThroughProxy()
    {
        var output = await RunAsync("""
            ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/honeytoken-logs"
            client("s3", region="us-west-2").put_object(Bucket="honeytoken-trail-logs", Key="AWSLogs/boto.json", Body=b"from boto3")
            s3 = client("s3", region="us-west-2", proxies={"http": ENDPOINT})
            listing = s3.list_objects_v2(Bucket=ARN, Prefix="AWSLogs/")
            body = s3.get_object(Bucket=ARN, Key="AWSLogs/boto.json")["Body"].read().decode()
            print(json.dumps({"keys": [o["Key"] for o in listing["Contents"]], "body": body}))
            """);

        Assert.Equal(["AWSLogs/boto.json"], output["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("from boto3", output["body"]!.GetValue<string>());
        var get = Assert.Single(await aws.RecordsOfAsync("GetObject"));
        Assert.StartsWith("honeytoken-logs-123456789012.", get["tlsDetails"]!["clientProvidedHostHeader"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorCases_ReturnAwsErrorCodes()
    {
        var output = await RunAsync("""
            iam = client("iam")
            iam.create_user(UserName="limited")
            iam.create_access_key(UserName="limited")
            iam.create_access_key(UserName="limited")
            print(json.dumps({
                "wrongSecret": error_code(lambda: client("sts", secret="x" * 40).get_caller_identity()),
                "unknownKey": error_code(lambda: client("sts", key="AKIAZZZZZZZZZZZZZZZZ").get_caller_identity()),
                "quota": error_code(lambda: iam.create_access_key(UserName="limited")),
                "missingUser": error_code(lambda: iam.get_user(UserName="nobody")),
            }))
            """);

        Assert.Equal("SignatureDoesNotMatch", output["wrongSecret"]!.GetValue<string>());
        Assert.Equal("InvalidClientTokenId", output["unknownKey"]!.GetValue<string>());
        Assert.Equal("LimitExceeded", output["quota"]!.GetValue<string>());
        Assert.Equal("NoSuchEntity", output["missingUser"]!.GetValue<string>());
    }

    [Fact]
    public async Task Throttled_Boto3RetriesAndReportsAttempts()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings
        {
            Throttling = [new FaultRule { Api = "organizations:DescribeOrganization", Count = 2 }],
        });

        var output = await RunAsync("""
            org = client("organizations", retries={"mode": "standard", "max_attempts": 5})
            response = org.describe_organization()
            print(json.dumps({"attempts": response["ResponseMetadata"]["RetryAttempts"], "id": response["Organization"]["Id"]}))
            """);

        Assert.Equal(2, output["attempts"]!.GetValue<int>());
        Assert.Equal("o-honeytoken1", output["id"]!.GetValue<string>());
        var calls = await aws.RecordsOfAsync("DescribeOrganization");
        Assert.Equal(["TooManyRequestsException", "TooManyRequestsException", null], calls.Select(c => c["errorCode"]?.GetValue<string>()));
    }

    private async Task<JsonNode> RunAsync(string script)
    {
        var result = await ExternalClients.Boto3Async(aws.BaseUri, aws.Admin(), Prelude + script);
        Assert.True(result.ExitCode == 0, $"boto3 script failed: {result}");
        return JsonNode.Parse(result.StandardOutput.Trim().Split('\n')[^1])!;
    }
}
