using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Tests.Honeytokens;

public sealed class IamUserNamesTests
{
    [Fact]
    public void Candidate_SameTokenAndAttempt_ReturnsSameName()
    {
        var tokenId = Guid.NewGuid();

        Assert.Equal(IamUserNames.Candidate(tokenId, 0), IamUserNames.Candidate(tokenId, 0));
        Assert.Equal(IamUserNames.Candidate(tokenId, 7), IamUserNames.Candidate(tokenId, 7));
    }

    [Fact]
    public void Candidate_ManyTokens_ValidRealisticIamNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < 2000; i++)
        {
            var (userName, path) = IamUserNames.Candidate(Guid.NewGuid(), i % 6);

            // IAM user names: 1 to 64 of letters, digits and +=,.@_-; paths start and end with a slash.
            Assert.Matches(@"^[\w+=,.@-]{1,64}$", userName);
            Assert.Matches(@"^/([\w-]+/)*$", path);
            Assert.DoesNotContain("honey", userName, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("token", userName + path, StringComparison.OrdinalIgnoreCase);
            names.Add(userName);
        }

        // Collisions are resolved by claiming the next candidate, but they stay rare.
        Assert.True(names.Count > 1500, $"only {names.Count} distinct names in 2000");
    }

    [Fact]
    public void Candidate_LaterAttempts_AddNumber()
    {
        var tokenId = Guid.NewGuid();

        var (late, _) = IamUserNames.Candidate(tokenId, 5);

        Assert.True(char.IsAsciiDigit(late[^1]), late);
        Assert.NotEqual(IamUserNames.Candidate(tokenId, 0).UserName, late);
    }
}
