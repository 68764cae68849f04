namespace Honeytoken.AwsEmulator.Control;

/// <summary>The IAM users and long-term access keys of every account, as <c>GET /_emulator/iam</c> returns them.</summary>
public sealed record IamInventory
{
    public IReadOnlyList<IamInventoryUser> Users { get; init; } = [];

    public IReadOnlyList<IamInventoryKey> AccessKeys { get; init; } = [];
}

/// <summary>One IAM user.</summary>
public sealed record IamInventoryUser(string AccountId, string UserName);

/// <summary>One long-term access key and the user it belongs to; <c>Status</c> is <c>Active</c> or <c>Inactive</c>.</summary>
public sealed record IamInventoryKey(string AccountId, string UserName, string AccessKeyId, string Status);
