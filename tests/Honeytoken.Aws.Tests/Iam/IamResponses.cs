namespace Honeytoken.Aws.Tests.Iam;

/// <summary>IAM response bodies shaped like the examples of the IAM API reference, with the test's own values.</summary>
internal static class IamResponses
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static string Wrap(string action, string result) => $"""
        <{action}Response xmlns="{Namespace}">
          {(result.Length == 0 ? string.Empty : $"<{action}Result>{result}</{action}Result>")}
          <ResponseMetadata>
            <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
          </ResponseMetadata>
        </{action}Response>
        """;

    public static string User(string userName, string path = "/", string tags = "") => $"""
        <User>
          <Path>{path}</Path>
          <UserName>{userName}</UserName>
          <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
          <Arn>arn:aws:iam::123456789012:user{path}{userName}</Arn>
          <CreateDate>2026-03-14T09:26:53Z</CreateDate>
          {tags}
        </User>
        """;

    public static string Error(string code, string message, string type = "Sender") => $"""
        <ErrorResponse xmlns="{Namespace}">
          <Error>
            <Type>{type}</Type>
            <Code>{code}</Code>
            <Message>{message}</Message>
          </Error>
          <RequestId>0e1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d</RequestId>
        </ErrorResponse>
        """;
}
