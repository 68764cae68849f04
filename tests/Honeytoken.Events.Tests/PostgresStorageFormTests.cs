using System.Text.Json;
using Honeytoken.Grains.Events;

namespace Honeytoken.Events.Tests;

public sealed class PostgresStorageFormTests
{
    [Fact]
    public void ToJsonb_NulEscape_BecomesLiteralText()
    {
        var value = new BoundedJson("{\"q\":\"a\\u0000b\"}", IsTruncated: false, 16);

        var stored = PostgresStorageForm.ToJsonb(value);

        Assert.Equal("{\"q\":\"a\\\\u0000b\"}", stored);
        Assert.Equal("a\\u0000b", JsonDocument.Parse(stored).RootElement.GetProperty("q").GetString());
    }

    [Fact]
    public void ToJsonb_EscapedBackslashBeforeU0000_IsUnchanged()
    {
        // The text is an escaped backslash followed by "u0000", not a NUL escape.
        var json = "{\"q\":\"a\\\\u0000b\"}";

        Assert.Same(json, PostgresStorageForm.ToJsonb(new BoundedJson(json, false, json.Length)));
    }

    [Fact]
    public void ToJsonb_SurrogatePair_IsKept()
    {
        var json = "{\"q\":\"\\ud83d\\ude00\"}";

        Assert.Same(json, PostgresStorageForm.ToJsonb(new BoundedJson(json, false, json.Length)));
    }

    [Fact]
    public void ToJsonb_LoneSurrogate_BecomesLiteralText()
    {
        var stored = PostgresStorageForm.ToJsonb(new BoundedJson("[\"\\ud83d x\"]", false, 12));

        Assert.Equal("[\"\\\\ud83d x\"]", stored);
    }

    [Fact]
    public void ToJsonb_TruncatedValue_IsWrapped()
    {
        var value = new BoundedJson("{\"q\":\"abc\\u0000", IsTruncated: true, 5000);

        var stored = PostgresStorageForm.ToJsonb(value);

        using var document = JsonDocument.Parse(stored);
        Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(5000, document.RootElement.GetProperty("originalBytes").GetInt32());
        Assert.Equal(value.Text, document.RootElement.GetProperty("prefix").GetString());
        Assert.DoesNotContain("\\u0000", stored.Replace("\\\\u0000", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ToText_NulCharacter_BecomesLiteralText()
    {
        Assert.Equal("Boto3\\u0000x", PostgresStorageForm.ToText("Boto3\0x"));
    }

    [Fact]
    public void ToText_CleanValue_IsSameInstance()
    {
        var value = "aws-cli/2.22.4";

        Assert.Same(value, PostgresStorageForm.ToText(value));
    }

    [Fact]
    public void FromUtf8_MultibyteCut_BacksOff()
    {
        var bytes = "\"ééé\""u8.ToArray();

        var bounded = BoundedJson.FromUtf8(bytes, 4);

        Assert.True(bounded.IsTruncated);
        Assert.Equal("\"é", bounded.Text);
        Assert.Equal(bytes.Length, bounded.OriginalByteLength);
    }
}
