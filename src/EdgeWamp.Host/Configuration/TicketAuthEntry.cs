using System.Text.Json.Serialization;

namespace EdgeWamp.Host.Configuration;

/// <summary>A principal that authenticates with a ticket (a shared secret).</summary>
internal sealed class TicketAuthEntry
{
    /// <summary>The authentication ID the client sends in HELLO.</summary>
    /// <remarks>Required; unique per realm within the ticket method.</remarks>
    [JsonPropertyName("authid")]
    public required string AuthId { get; set; }

    /// <summary>The hash of the ticket, as printed by <c>edgewamp hash-secret</c>.</summary>
    /// <remarks>Required. Security: only the hash is stored, so the file does not reveal the ticket.</remarks>
    public required string SecretHash { get; set; }

    /// <summary>The realm this principal may join.</summary>
    /// <remarks>Required; must name a realm in <see cref="EdgeWampConfig.Realms"/>.</remarks>
    public required string Realm { get; set; }

    /// <summary>The role given to the session.</summary>
    /// <remarks>Required; must name a role of <see cref="Realm"/>.</remarks>
    public required string Role { get; set; }
}
