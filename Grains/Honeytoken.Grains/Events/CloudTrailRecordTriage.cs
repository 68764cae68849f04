namespace Honeytoken.Grains.Events;

/// <summary>
/// Decides for each CloudTrail record whether it is a honeytoken event, and if so for which
/// token, with which tags and under which deduplication key.
/// </summary>
/// <remarks>
/// API calls are attributed through every identifier in <see cref="HoneytokenIdentityIndex"/>.
/// A console sign-in counts only when it carries a honeytoken's access key or a key derived
/// from it, which happens when someone turns the key into a console session. Other sign-ins,
/// service events, Insights events and network activity events are ignored.
/// </remarks>
public sealed class CloudTrailRecordTriage(HoneytokenIdentityIndex index)
{
    /// <summary>Triages one record.</summary>
    public TriagedRecord Triage(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var kind = CloudTrailRecordClassifier.Classify(record);
        if (kind is not (CloudTrailRecordKind.ApiCall or CloudTrailRecordKind.ConsoleSignIn))
        {
            // NOTE: network activity events are ignored because the API call record of the same
            // call is the key use. A call that a VPC endpoint policy denies may have no API call
            // record, and is then not reported.
            return Ignored(record, kind, RecordDisposition.NotKeyUse);
        }

        var attribution = index.Attribute(record);
        if (!attribution.IsAttributed)
        {
            return Ignored(record, kind, kind == CloudTrailRecordKind.ApiCall ? RecordDisposition.NotOwned : RecordDisposition.NotKeyUse);
        }

        if (kind == CloudTrailRecordKind.ConsoleSignIn
            && attribution.Match is not (AttributionMatch.AccessKey or AttributionMatch.DerivedAccessKey))
        {
            return Ignored(record, kind, RecordDisposition.NotKeyUse);
        }

        return new TriagedRecord(
            record,
            kind,
            RecordDisposition.HoneytokenEvent,
            attribution,
            EventTagger.GetTags(record),
            EventDeduplicationKey.Create(record));
    }

    private static TriagedRecord Ignored(CloudTrailRecord record, CloudTrailRecordKind kind, RecordDisposition disposition) =>
        new(record, kind, disposition, RecordAttribution.None, [], null);
}
