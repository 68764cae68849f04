using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honeytoken.Grains.Alerts.Delivery;

/// <summary>
/// Builds the three message formats from a pending delivery: the webhook envelope, the
/// Slack-compatible payload and the e-mail text.
/// </summary>
public sealed class AlertMessageFormatter(Uri dashboardUrl)
{
    /// <summary>The <c>source</c> field of every webhook envelope.</summary>
    public const string Source = "honeytoken-orleans";

    /// <summary>Returns the one-line summary shared by every format.</summary>
    public static string Summarize(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        var name = delivery.Honeytoken?.Name ?? "";
        return delivery.Action switch
        {
            DeliveryActions.Triggered => $"Honeytoken \"{name}\" was triggered: {delivery.FirstEvent?.Action ?? "an API call"} from {delivery.FirstEvent?.IpAddress ?? "an unknown address"}.",
            DeliveryActions.NewEvent => delivery.EventCount == 1
                ? $"Honeytoken \"{name}\" was used again: 1 new event."
                : $"Honeytoken \"{name}\" was used again: {delivery.EventCount} new events between {delivery.FirstEvent?.TriggeredAt:u} and {delivery.LastEvent?.TriggeredAt:u}.",
            _ => "Test alert: this destination receives honeytoken alerts.",
        };
    }

    /// <summary>Returns the link to the token's page, or to the dashboard for a test alert.</summary>
    public Uri TokenLink(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Honeytoken is null ? dashboardUrl : new Uri(dashboardUrl, $"honeytokens/{delivery.Honeytoken.Id}");
    }

    /// <summary>Returns the webhook envelope as UTF-8 JSON.</summary>
    public byte[] WebhookBody(PendingDelivery delivery, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        var envelope = new JsonObject
        {
            ["source"] = Source,
            ["timestamp"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["delivery_id"] = delivery.Id.ToString(),
            ["action"] = delivery.Action,
            ["message"] = Summarize(delivery),
            ["event_count"] = delivery.EventCount,
            ["honeytoken"] = Honeytoken(delivery),
            ["honeytoken_event"] = Event(delivery.FirstEvent),
            ["last_honeytoken_event"] = delivery.EventCount > 1 ? Event(delivery.LastEvent) : null,
            ["link"] = TokenLink(delivery).ToString(),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>
    /// Returns a Slack-compatible incoming-webhook payload: <c>text</c> for every client and
    /// an attachment with one field per detail, which Slack and Mattermost both render.
    /// </summary>
    public byte[] SlackBody(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        var link = TokenLink(delivery);
        var summary = EscapeSlack(Summarize(delivery));
        var text = $":rotating_light: {summary} <{link}|Open the token>";

        var fields = new JsonArray
        {
            Field("Token", delivery.Honeytoken?.Name),
            Field("Action", delivery.Action),
            Field("API call", delivery.FirstEvent?.Action),
            Field("IP address", delivery.FirstEvent?.IpAddress),
            Field("User agent", delivery.FirstEvent?.UserAgent),
            Field("Region", delivery.FirstEvent?.Region),
            Field("Events", delivery.EventCount.ToString(CultureInfo.InvariantCulture)),
        };

        var payload = new JsonObject
        {
            ["text"] = text,
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["color"] = delivery.Action == DeliveryActions.Test ? "#439FE0" : "#D00000",
                    ["fallback"] = summary,
                    ["title_link"] = link.ToString(),
                    ["title"] = EscapeSlack(delivery.Honeytoken?.Name ?? "Test alert"),
                    ["fields"] = fields,
                },
            },
        };
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    /// <summary>Returns the e-mail subject and plain-text body.</summary>
    public (string Subject, string Body) Email(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        var subject = delivery.Action switch
        {
            DeliveryActions.Triggered => $"[Honeytoken] {delivery.Honeytoken?.Name} triggered",
            DeliveryActions.NewEvent => $"[Honeytoken] {delivery.Honeytoken?.Name}: {delivery.EventCount} new events",
            _ => "[Honeytoken] Test alert",
        };

        var body = new StringBuilder();
        body.AppendLine(Summarize(delivery));
        body.AppendLine();
        Line(body, "Token", delivery.Honeytoken?.Name);
        Line(body, "Access key", delivery.Honeytoken?.AccessKeyId);
        Line(body, "Action", delivery.Action);
        Line(body, "API call", delivery.FirstEvent?.Action);
        Line(body, "IP address", delivery.FirstEvent?.IpAddress);
        Line(body, "User agent", delivery.FirstEvent?.UserAgent);
        Line(body, "Region", delivery.FirstEvent?.Region);
        Line(body, "Events", delivery.EventCount.ToString(CultureInfo.InvariantCulture));
        Line(body, "Link", TokenLink(delivery).ToString());
        return (subject, body.ToString());
    }

    private static JsonObject? Honeytoken(PendingDelivery delivery)
    {
        var token = delivery.Honeytoken;
        if (token is null)
        {
            return null;
        }

        var tags = new JsonArray();
        foreach (var tag in token.CustomTags)
        {
            tags.Add(new JsonObject { ["key"] = tag.Key, ["value"] = tag.Value });
        }

        return new JsonObject
        {
            ["id"] = token.Id.ToString(),
            ["name"] = token.Name,
            ["description"] = token.Description,
            ["type"] = "AWS",
            ["status"] = token.Status,
            ["access_token_id"] = token.AccessKeyId,
            ["created_at"] = token.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["triggered_at"] = token.TriggeredAt?.ToString("O", CultureInfo.InvariantCulture),
            ["custom_tags"] = tags,
        };
    }

    private static JsonObject? Event(HoneytokenEventSummary? summary)
    {
        if (summary is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = summary.Id,
            ["triggered_at"] = summary.TriggeredAt.ToString("O", CultureInfo.InvariantCulture),
            ["ip_address"] = summary.IpAddress,
            ["action"] = summary.Action,
            ["region"] = summary.Region,
            ["user_agent"] = summary.UserAgent,
            ["error_code"] = summary.ErrorCode,
            ["channels"] = JsonSerializer.SerializeToNode(summary.Channels),
            ["data"] = new JsonObject { ["event_id"] = summary.EventId, ["event_source"] = summary.EventSource },
        };
    }

    private static JsonObject Field(string title, string? value) => new()
    {
        ["title"] = title,
        ["value"] = EscapeSlack(value ?? "-"),
        ["short"] = true,
    };

    // Slack and Mattermost read <, > and & as markup, so an attacker's user agent could
    // otherwise inject links or mentions.
    private static string EscapeSlack(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static void Line(StringBuilder body, string label, string? value) =>
        body.Append(label).Append(": ").AppendLine(value ?? "-");
}

/// <summary>The <c>action</c> values of alert messages.</summary>
public static class DeliveryActions
{
    public const string Triggered = "honeytoken_triggered";

    public const string NewEvent = "new_honeytoken_event";

    public const string Test = "test";

    public static string From(AlertAction action) => action switch
    {
        AlertAction.HoneytokenTriggered => Triggered,
        _ => NewEvent,
    };
}
