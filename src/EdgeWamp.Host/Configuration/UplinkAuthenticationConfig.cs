using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>The credentials the router presents to an upstream router or broker.</summary>
internal sealed class UplinkAuthenticationConfig
{
    /// <summary>The method: one of <see cref="ConfigVocabulary.AuthMethods"/>.</summary>
    /// <remarks>Required.</remarks>
    public required string Method { get; set; }

    /// <summary>The authentication ID (the MQTT user name for MQTT uplinks).</summary>
    /// <remarks>Defaults to none.</remarks>
    [JsonPropertyName("authid")]
    public string? AuthId { get; set; }

    /// <summary>The ticket, WAMP-CRA secret, Ed25519 private key (hex) or MQTT password.</summary>
    /// <remarks>Defaults to none. Security: stored in clear, so keep the file's mode at 0600 or 0640.</remarks>
    public string? Secret { get; set; }
}
