namespace EdgeWamp.Router.Authentication;

/// <summary>The key derivation functions of WAMP-SCRAM ("Key Derivation Functions").</summary>
public enum ScramKdf : byte
{
    Argon2id13,
    Pbkdf2,
}
