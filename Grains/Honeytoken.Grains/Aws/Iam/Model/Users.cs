using System.Xml.Linq;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>A tag of an IAM user.</summary>
public sealed record IamTag(string Key, string Value);

/// <summary>An IAM user as IAM describes it.</summary>
public sealed record IamUser
{
    /// <summary>Path of the user, such as <c>/</c> or <c>/engineering/</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Name of the user.</summary>
    public required string UserName { get; init; }

    /// <summary>Stable unique id that IAM assigns, starting with AIDA.</summary>
    public required string UserId { get; init; }

    /// <summary>ARN of the user.</summary>
    public required string Arn { get; init; }

    /// <summary>Creation time in UTC.</summary>
    public required DateTimeOffset CreateDate { get; init; }

    /// <summary>Tags of the user, which IAM returns from CreateUser and GetUser but not from ListUsers.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];

    internal static IamUser Read(XElement? user) => new()
    {
        Path = user.RequiredText("Path"),
        UserName = user.RequiredText("UserName"),
        UserId = user.RequiredText("UserId"),
        Arn = user.RequiredText("Arn"),
        CreateDate = user.Timestamp("CreateDate") ?? throw new FormatException("The IAM user has no CreateDate element."),
        Tags = user.Tags(),
    };
}

/// <summary>Request of CreateUser.</summary>
public sealed class CreateUserRequest : IamRequest
{
    /// <summary>Name of the new user, unique in the account regardless of case.</summary>
    public required string UserName { get; init; }

    /// <summary>Path of the new user, or null for <c>/</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Tags to attach at creation.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];

    internal override string Action => "CreateUser";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("UserName", UserName);
        parameters.Add("Path", Path);
        parameters.AddTags("Tags", Tags);
    }
}

/// <summary>Response of CreateUser.</summary>
public sealed class CreateUserResponse : AmazonWebServiceResponse
{
    /// <summary>The created user.</summary>
    public IamUser User { get; init; } = null!;

    internal static CreateUserResponse Read(XElement? result) => new() { User = IamUser.Read(result.Child("User")) };
}

/// <summary>Request of GetUser.</summary>
public sealed class GetUserRequest : IamRequest
{
    /// <summary>Name of the user, or null for the user whose credentials sign the request.</summary>
    public string? UserName { get; init; }

    internal override string Action => "GetUser";

    internal override void WriteParameters(IamQueryParameters parameters) => parameters.Add("UserName", UserName);
}

/// <summary>Response of GetUser.</summary>
public sealed class GetUserResponse : AmazonWebServiceResponse
{
    /// <summary>The user.</summary>
    public IamUser User { get; init; } = null!;

    internal static GetUserResponse Read(XElement? result) => new() { User = IamUser.Read(result.Child("User")) };
}

/// <summary>Request of ListUsers, one page of at most <see cref="MaxItems"/> users.</summary>
public sealed class ListUsersRequest : IamRequest
{
    /// <summary>Path prefix to filter on, or null for all users.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Marker of the previous page's response, or null for the first page.</summary>
    public string? Marker { get; init; }

    /// <summary>Maximum number of users on the page (IAM accepts 1 to 1000, and defaults to 100).</summary>
    public int? MaxItems { get; init; }

    internal override string Action => "ListUsers";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("PathPrefix", PathPrefix);
        parameters.Add("Marker", Marker);
        parameters.Add("MaxItems", MaxItems);
    }
}

/// <summary>Response of ListUsers.</summary>
public sealed class ListUsersResponse : AmazonWebServiceResponse
{
    /// <summary>Users of this page.</summary>
    public IReadOnlyList<IamUser> Users { get; init; } = [];

    /// <summary>True when more users follow. Pass <see cref="Marker"/> to get them.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>Marker of the next page when <see cref="IsTruncated"/> is true.</summary>
    public string? Marker { get; init; }

    internal static ListUsersResponse Read(XElement? result) => new()
    {
        Users = result.Members("Users").Select(IamUser.Read).ToList(),
        IsTruncated = result.Boolean("IsTruncated"),
        Marker = result.Text("Marker"),
    };
}

/// <summary>Request of DeleteUser. IAM rejects it with DeleteConflict while the user has access keys.</summary>
public sealed class DeleteUserRequest : IamRequest
{
    /// <summary>Name of the user to delete.</summary>
    public required string UserName { get; init; }

    internal override string Action => "DeleteUser";

    internal override void WriteParameters(IamQueryParameters parameters) => parameters.Add("UserName", UserName);
}

/// <summary>Response of DeleteUser, which has no output.</summary>
public sealed class DeleteUserResponse : AmazonWebServiceResponse
{
    internal static DeleteUserResponse Read(XElement? result) => new();
}

/// <summary>Request of TagUser, which adds tags or overwrites the values of existing keys.</summary>
public sealed class TagUserRequest : IamRequest
{
    /// <summary>Name of the user.</summary>
    public required string UserName { get; init; }

    /// <summary>Tags to add.</summary>
    public required IReadOnlyList<IamTag> Tags { get; init; }

    internal override string Action => "TagUser";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("UserName", UserName);
        parameters.AddTags("Tags", Tags);
    }
}

/// <summary>Response of TagUser, which has no output.</summary>
public sealed class TagUserResponse : AmazonWebServiceResponse
{
    internal static TagUserResponse Read(XElement? result) => new();
}
