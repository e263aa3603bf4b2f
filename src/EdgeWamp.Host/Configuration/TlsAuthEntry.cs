using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>
/// A principal that authenticates with a TLS client certificate (the <c>tls</c> method): matched by
/// <see cref="Thumbprint"/>, else by <see cref="Subject"/>, else by the certificate's subject CN equal to the authid.
/// </summary>
internal sealed class TlsAuthEntry
{
    /// <summary>The authid the session gets.</summary>
    /// <remarks>Required.</remarks>
    [JsonPropertyName("authid")]
    public required string AuthId { get; set; }

    /// <summary>SHA-256 thumbprint of the certificate, 64 hex digits.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Thumbprint { get; set; }

    /// <summary>The certificate's subject distinguished name, e.g. <c>CN=pi7, O=Example</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public string? Subject { get; set; }

    /// <summary>The realm this principal may join.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
