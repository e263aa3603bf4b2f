namespace EdgeWamp.Client.Authentication;

/// <summary>The entries of CHALLENGE.Extra the client methods read (WAMP-CRA and cryptosign).</summary>
public sealed class ChallengeExtra
{
    /// <summary>Extra.challenge: WAMP-CRA's challenge string, or cryptosign's 32 bytes as hex.</summary>
    public string? Challenge { get; init; }

    /// <summary>Extra.salt: WAMP-CRA with a salted (derived) secret.</summary>
    public string? Salt { get; init; }

    /// <summary>Extra.iterations of PBKDF2 for a salted WAMP-CRA secret.</summary>
    public int Iterations { get; init; }

    /// <summary>Extra.keylen, in bytes, for a salted WAMP-CRA secret.</summary>
    public int KeyLength { get; init; }
}
