using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>A principal that authenticates with WAMP-CRA (HMAC-SHA256 challenge-response).</summary>
internal sealed class WampCraAuthEntry
{
    /// <summary>The authentication ID the client sends in HELLO.</summary>
    /// <remarks>Required; unique per realm within the wampcra method.</remarks>
    [JsonPropertyName("authid")]
    public required string AuthId { get; set; }

    /// <summary>The shared secret (or, with <see cref="Salt"/>, the password the key is derived from).</summary>
    /// <remarks>Required. Security: WAMP-CRA needs the secret itself, so keep the file mode at 0600 or 0640.</remarks>
    public required string Secret { get; set; }

    /// <summary>The PBKDF2 salt; when set, the key is derived from <see cref="Secret"/>.</summary>
    /// <remarks>Defaults to none: the secret is used as the key as is.</remarks>
    public string? Salt { get; set; }

    /// <summary>The PBKDF2 iteration count, used only with <see cref="Salt"/>.</summary>
    /// <remarks>Defaults to 1000, Autobahn's default, so keys derived by its clients match.</remarks>
    public int Iterations { get; set; } = 1000;

    /// <summary>The derived key length in bytes, used only with <see cref="Salt"/>.</summary>
    /// <remarks>Defaults to 32, Autobahn's default.</remarks>
    [JsonPropertyName("keylen")]
    public int KeyLength { get; set; } = 32;

    /// <summary>The realm this principal may join.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
