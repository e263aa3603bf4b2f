using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>A principal that authenticates with WAMP-Cryptosign (Ed25519 signatures).</summary>
internal sealed class CryptosignAuthEntry
{
    /// <summary>The authentication ID the client sends in HELLO.</summary>
    /// <remarks>Required; unique per realm within the cryptosign method.</remarks>
    [JsonPropertyName("authid")]
    public required string AuthId { get; set; }

    /// <summary>The Ed25519 public keys (64 hex digits each) this principal may sign with.</summary>
    /// <remarks>Required and non-empty. Several keys let a device rotate its key without downtime.</remarks>
    public required IReadOnlyList<string> PublicKeys { get; set; }

    /// <summary>The realm this principal may join.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
