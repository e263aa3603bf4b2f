namespace EdgeWamp.Router.Authentication;

/// <summary>A principal that authenticates with WAMP-Cryptosign: an Ed25519 signature by one of its keys.</summary>
public sealed class CryptosignPrincipal : Principal
{
    /// <summary>Raw 32-byte Ed25519 public keys.</summary>
    public required IReadOnlyList<byte[]> PublicKeys { get; init; }

    internal bool HasKey(ReadOnlySpan<byte> key)
    {
        foreach (byte[] candidate in PublicKeys)
        {
            if (candidate.AsSpan().SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }
}
