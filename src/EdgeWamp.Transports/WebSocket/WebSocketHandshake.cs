using System.Security.Cryptography;
using System.Text;

namespace EdgeWamp.Transports.WebSocket;

/// <summary>The server's side of the RFC 6455 opening handshake (section 4.2): the key check and the accept value.</summary>
internal static class WebSocketHandshake
{
    // RFC 6455, section 1.3: the GUID the server appends to the client's key before hashing.
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    // RFC 6455, section 4.1: the key is 16 random octets, base64-encoded (24 characters).
    private const int KeyOctets = 16;

    public static bool IsValidKey(string? key)
    {
        if (key is null || key.Length != 24)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key, decoded, out int written) && written == KeyOctets;
    }

    /// <summary>Sec-WebSocket-Accept: base64(SHA-1(key + GUID)).</summary>
    /// <remarks>SHA-1 is what RFC 6455 prescribes here; it proves the server read the key, it protects nothing.</remarks>
#pragma warning disable CA5350 // The protocol fixes the algorithm.
    public static string Accept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid)));
#pragma warning restore CA5350
}
