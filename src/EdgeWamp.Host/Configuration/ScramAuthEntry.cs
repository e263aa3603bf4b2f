using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A principal that authenticates with WAMP-SCRAM. Holds what the spec's "Data Stored on the Server" lists, never the
/// password: print an entry with <c>edgewamp hash-secret --scram argon2id13|pbkdf2</c>.
/// </summary>
internal sealed class ScramAuthEntry
{
    /// <summary>The authentication ID the client sends in HELLO.</summary>
    /// <remarks>Required; unique per realm within the scram method.</remarks>
    [JsonPropertyName("authid")]
    public required string AuthId { get; set; }

    /// <summary>The key derivation function: one of <see cref="ConfigVocabulary.ScramKdfs"/>.</summary>
    /// <remarks>Required.</remarks>
    public required string Kdf { get; set; }

    /// <summary>The per-user random salt, Base64.</summary>
    /// <remarks>Required.</remarks>
    public required string Salt { get; set; }

    /// <summary>The KDF's time cost (Argon2id passes, or PBKDF2 iterations).</summary>
    /// <remarks>Required.</remarks>
    public required int Iterations { get; set; }

    /// <summary>Argon2id memory in KiB; not used by PBKDF2.</summary>
    /// <remarks>Defaults to 0; required (at least 8) for argon2id13.</remarks>
    public int Memory { get; set; }

    /// <summary>StoredKey = SHA256(HMAC(SaltedPassword, "Client Key")), Base64 of 32 bytes.</summary>
    /// <remarks>Required.</remarks>
    public required string StoredKey { get; set; }

    /// <summary>ServerKey = HMAC(SaltedPassword, "Server Key"), Base64 of 32 bytes.</summary>
    /// <remarks>Required. Security: with StoredKey it lets a thief impersonate the router to this user; keep the file private.</remarks>
    public required string ServerKey { get; set; }

    /// <summary>The realm this principal may join.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
