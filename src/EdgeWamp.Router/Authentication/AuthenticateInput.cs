using EdgeWamp.Protocol.Codec;

namespace EdgeWamp.Router.Authentication;

/// <summary>What an AUTHENTICATE message carried, copied out of the frame so it can be checked on another thread.</summary>
internal sealed class AuthenticateInput
{
    // Extra strings longer than this are refused: nothing a method reads there is long (nonces, Base64 binding data).
    private const int MaxExtraLength = 512;

    public required string Signature { get; init; }

    /// <summary>WAMP-SCRAM: Extra.nonce, Extra.channel_binding, Extra.cbind_data (null when absent or null).</summary>
    public string? Nonce { get; init; }

    public string? ChannelBinding { get; init; }

    public string? ChannelBindingData { get; init; }

    public static AuthenticateInput From(scoped in MessageHeader authenticate) => new()
    {
        Signature = System.Text.Encoding.UTF8.GetString(authenticate.Text),
        Nonce = ReadString(authenticate.DetailsReader, "nonce"u8),
        ChannelBinding = ReadString(authenticate.DetailsReader, "channel_binding"u8),
        ChannelBindingData = ReadString(authenticate.DetailsReader, "cbind_data"u8),
    };

    internal static string? ReadString(DetailsReader details, ReadOnlySpan<byte> key)
    {
        Span<byte> scratch = stackalloc byte[MaxExtraLength];
        return details.TryGetString(key, scratch, out ReadOnlySpan<byte> value) ? System.Text.Encoding.UTF8.GetString(value) : null;
    }
}
