namespace EdgeWamp.Router.Authentication;

/// <summary>
/// A principal that authenticates with WAMP-SCRAM. Only what the spec's "Data Stored on the Server" lists is kept:
/// the salt, the KDF and its cost parameters, StoredKey and ServerKey; never the password.
/// </summary>
public sealed class ScramPrincipal : Principal
{
    public required ScramKdf Kdf { get; init; }

    /// <summary>The salt, Base64, sent to the client as is.</summary>
    public required string Salt { get; init; }

    public required int Iterations { get; init; }

    /// <summary>Argon2id memory in KiB; unused for PBKDF2.</summary>
    public int Memory { get; init; }

    public required byte[] StoredKey { get; init; }

    public required byte[] ServerKey { get; init; }
}
