using System.Text;
using EdgeWamp.Router.Authentication;

namespace EdgeWamp.Router.Tests.Authentication;

public sealed class SecretHashTests
{
    [Fact]
    public void Create_ThenParse_MatchesOnlyTheSecret()
    {
        SecretHash created = SecretHash.Create("päss word", SecretHash.MinIterations);

        Assert.True(SecretHash.TryParse(created.ToString(), out SecretHash? parsed, out string? error), error);
        Assert.True(parsed.Matches(Encoding.UTF8.GetBytes("päss word")));
        Assert.False(parsed.Matches(Encoding.UTF8.GetBytes("päss worD")));
        Assert.False(parsed.Matches([]));
        Assert.StartsWith("pbkdf2-sha256$1000$", created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TwiceWithTheSameSecret_UsesDifferentSalts()
    {
        Assert.NotEqual(SecretHash.Create("x", SecretHash.MinIterations).ToString(), SecretHash.Create("x", SecretHash.MinIterations).ToString());
    }

    [Fact]
    public void TryParse_KnownVector_Matches()
    {
        // PBKDF2-HMAC-SHA256("password", "saltsalt", 1000, 32), computed independently with Python's hashlib.
        const string text = "pbkdf2-sha256$1000$c2FsdHNhbHQ=$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=";

        Assert.True(SecretHash.TryParse(text, out SecretHash? hash, out _));
        Assert.True(hash.Matches("password"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-secret")]
    [InlineData("sha1$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$10$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$abc$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$AAAA")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=")]
    public void TryParse_Malformed_ReportsWhy(string text)
    {
        Assert.False(SecretHash.TryParse(text, out SecretHash? hash, out string? error));
        Assert.Null(hash);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
