using EdgeWamp.Client.Authentication;

namespace EdgeWamp.Client.Tests.Authentication;

public class CryptosignAuthenticatorTests
{
    // WAMP spec, "Cryptosign-based Authentication", "Test Vectors" (test_vectors_1, the entries without channel_id).
    [Theory]
    [InlineData("4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "b32675b221f08593213737bef8240e7c15228b07028e19595294678c90d11c0cae80a357331bfc5cc9fb71081464e6e75013517c2cf067ad566a6b7b728e5d03ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("d511fe78e23934b3dadb52fcd022974b80bd92bccc7c5cf404e46cc0a8a2f5cd", "b26c1f87c13fc1da14997f1b5a71995dff8fbe0a62fae8473c7bdbd05bfb607d", "d4209ad10d5aff6bfbc009d7e924795de138a63515efc7afc6b01b7fe5201372190374886a70207b042294af5bd64ce725cd8dceb344e6d11c09d1aaaf4d660fb26c1f87c13fc1da14997f1b5a71995dff8fbe0a62fae8473c7bdbd05bfb607d")]
    [InlineData("6e1fde9cf9e2359a87420b65a87dc0c66136e66945196ba2475990d8a0c3a25b", "b05e6b8ad4d69abf74aa3be3c0ee40ae07d66e1895b9ab09285a2f1192d562d2", "7beb282184baadd08f166f16dd683b39cab53816ed81e6955def951cb2ddad1ec184e206746fd82bda075af03711d3d5658fc84a76196b0fa8d1ebc92ef9f30bb05e6b8ad4d69abf74aa3be3c0ee40ae07d66e1895b9ab09285a2f1192d562d2")]
    public void Sign_SpecTestVector_MatchesSignature(string privateKey, string challenge, string signature)
    {
        var authenticator = new CryptosignAuthenticator("client01", privateKey);

        Assert.Equal(signature, authenticator.Sign(new ChallengeExtra { Challenge = challenge }));
    }

    [Fact]
    public void Constructor_PrivateKey_AnnouncesItsPublicKey()
    {
        // The key pair of the wampproto test suites (wamp-proto's reference implementations).
        var authenticator = new CryptosignAuthenticator(null, "c7e8c1f8f16ec37f53ed153f8afb7f18469b051f1d24dbea2097a2a104b2e9db");

        Assert.Equal("c53e4f2756a52ca1ed5cd00da108b3ed7bcffe6294e78283521e5102824f52d3", authenticator.PublicKeyHex);
        Assert.Equal([new KeyValuePair<string, string>("pubkey", authenticator.PublicKeyHex)], authenticator.AuthExtra);
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData("not hex at all, not hex at all, not hex at all, not hex at all!!")]
    public void Sign_ChallengeNot32HexBytes_Throws(string challenge)
    {
        var authenticator = new CryptosignAuthenticator(null, "4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510");

        Assert.Throws<WampConnectionException>(() => authenticator.Sign(new ChallengeExtra { Challenge = challenge }));
    }

    [Fact]
    public void Constructor_ShortKey_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => new CryptosignAuthenticator(null, "abcd"));
}
