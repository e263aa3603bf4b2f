using EdgeWamp.Client.Authentication;

namespace EdgeWamp.Client.Tests.Authentication;

// Expected values computed with autobahn (Debian python3-autobahn 22.7.1, autobahn.wamp.auth):
//   derive_key('secret123', 'salt123', 1000, 32), compute_wcs(key, challenge).
public class WampCraAuthenticatorTests
{
    private const string Challenge = "{\"authid\": \"pi7\", \"nonce\": \"abc\"}";

    [Fact]
    public void ComputeSignature_PlainSecret_MatchesAutobahn() =>
        Assert.Equal("PXijhx59Rm0nzcxQqJqgmgf01PYdI2Oxd8a/IPIiOPg=", WampCraAuthenticator.ComputeSignature("secret123", Challenge));

    [Fact]
    public void DeriveKey_SaltedSecret_MatchesAutobahn() =>
        Assert.Equal("Eu7CQLfR+/Ffb+275A4s9/6H/RGKYxM4s6IMrsNKzC8=", WampCraAuthenticator.DeriveKey("secret123", "salt123", 1000, 32));

    [Fact]
    public void Sign_SaltedChallenge_SignsWithTheDerivedKey()
    {
        var authenticator = new WampCraAuthenticator("pi7", "secret123");

        string signature = authenticator.Sign(new ChallengeExtra { Challenge = Challenge, Salt = "salt123", Iterations = 1000, KeyLength = 32 });

        Assert.Equal("YGDP3sptYBs7OtdA6G0ZMGdFGgVw1rTyK1TDNL3QRsg=", signature);
    }

    [Fact]
    public void Sign_UnsaltedChallenge_SignsWithTheSecret()
    {
        var authenticator = new WampCraAuthenticator("pi7", "secret123");

        Assert.Equal("PXijhx59Rm0nzcxQqJqgmgf01PYdI2Oxd8a/IPIiOPg=", authenticator.Sign(new ChallengeExtra { Challenge = Challenge }));
    }

    [Fact]
    public void Sign_NoChallenge_Throws() =>
        Assert.Throws<WampConnectionException>(() => new WampCraAuthenticator("pi7", "s").Sign(new ChallengeExtra()));

    [Fact]
    public void Ticket_Sign_ReturnsTheTicket()
    {
        var ticket = new TicketAuthenticator("pi7", "eyJhbGciOiJIUzI1NiJ9.e30.x");

        Assert.Equal("ticket", ticket.Method);
        Assert.Equal("eyJhbGciOiJIUzI1NiJ9.e30.x", ticket.Sign(new ChallengeExtra()));
    }
}
