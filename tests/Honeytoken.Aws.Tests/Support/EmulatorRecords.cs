using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>Queries of the CloudTrail records that the emulator writes for every signed call.</summary>
public static class EmulatorRecords
{
    /// <summary>Returns the records of <paramref name="eventName"/> that failed with <paramref name="errorCode"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RecordsWithErrorAsync(this AwsEmulatorHost host, string eventName, string errorCode) =>
        (await host.Control.GetRecordsAsync())
            .Where(record => record["eventName"]?.GetValue<string>() == eventName && record["errorCode"]?.GetValue<string>() == errorCode)
            .ToList();
}
