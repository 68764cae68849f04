using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Control;

/// <summary>The control API's list of IAM users and long-term keys.</summary>
public sealed class IamInventoryTests
{
    [Fact]
    public async Task Inventory_ListsUserAndItsKey()
    {
        await using var aws = await Emulator.StartAsync();

        var key = await aws.AddHoneytokenUserAsync("Inventory-User");
        await aws.CallerIdentityAsync(key);
        var inventory = await aws.Control.GetIamAsync();

        Assert.Contains(inventory.Users, user => user.AccountId == aws.AccountId && user.UserName == "Inventory-User");
        var listed = Assert.Single(inventory.AccessKeys, listedKey => listedKey.AccessKeyId == key.AccessKeyId);
        Assert.Equal("Inventory-User", listed.UserName);
        Assert.Equal("Active", listed.Status);

        // Temporary credentials are no IAM key and stay out of the list.
        Assert.DoesNotContain(inventory.AccessKeys, listedKey => listedKey.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal));
    }
}
