using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Tests.Honeytokens;

public sealed class HoneytokenFieldRulesTests
{
    [Fact]
    public void Validate_SaneFields_ReturnsNull()
    {
        var fields = new HoneytokenFields("deploy key", "Planted in the CI variables", [new CustomTag("team", "payments"), new CustomTag("env", "")]);

        Assert.Null(HoneytokenFieldRules.Validate(fields));
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData(" padded", "name")]
    [InlineData("line\nbreak", "name")]
    public void Validate_BadName_NamesField(string name, string field)
    {
        var error = HoneytokenFieldRules.Validate(new HoneytokenFields(name, null, []));

        Assert.Equal(HoneytokenErrorKind.Invalid, error?.Kind);
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void Validate_NameAtLimit_Accepted()
    {
        Assert.Null(HoneytokenFieldRules.Validate(new HoneytokenFields(new string('a', HoneytokenFieldRules.MaxNameLength), null, [])));
        Assert.Equal("name", HoneytokenFieldRules.Validate(new HoneytokenFields(new string('a', HoneytokenFieldRules.MaxNameLength + 1), null, []))?.Field);
    }

    [Fact]
    public void Validate_TooManyTags_NamesCustomTags()
    {
        var tags = Enumerable.Range(0, HoneytokenFieldRules.MaxTags + 1).Select(i => new CustomTag($"k{i}", "v")).ToList();

        Assert.Equal("custom_tags", HoneytokenFieldRules.Validate(new HoneytokenFields("n", null, tags))?.Field);
    }

    [Fact]
    public void Validate_PatchWithOnlyDescription_ChecksOnlyIt()
    {
        Assert.Null(HoneytokenFieldRules.Validate(new HoneytokenPatch(null, "new description", null)));
        Assert.Equal("description", HoneytokenFieldRules.Validate(new HoneytokenPatch(null, new string('d', 1001), null))?.Field);
    }

    [Fact]
    public void Validate_DuplicateTagKey_NamesSecondTag()
    {
        var error = HoneytokenFieldRules.Validate(new HoneytokenFields("n", null, [new CustomTag("team", "a"), new CustomTag("team", "b")]));

        Assert.Equal("custom_tags[1].key", error?.Field);
        Assert.Contains("one value", error!.Message, StringComparison.Ordinal);
    }
}
