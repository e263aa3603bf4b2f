using System.Buffers.Binary;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Authentication.ExtendedProtection;

namespace EdgeWamp.Transports.Tls;

/// <summary>Reads the "tls-unique" channel binding (RFC 5929, section 3) of an authenticated <see cref="SslStream"/>.</summary>
internal static class TlsChannelBinding
{
    // The handle points at a SEC_CHANNEL_BINDINGS header (8 uint32 fields); the last two give the length and offset of
    // the application data, which .NET prefixes with the binding's name.
    private const int HeaderLength = 32;
    private const int ApplicationDataLengthOffset = 24;
    private const int ApplicationDataOffsetOffset = 28;
    private static ReadOnlySpan<byte> UniquePrefix => "tls-unique:"u8;

    /// <summary>The binding, or empty when the TLS version defines none (TLS 1.3) or the platform does not expose it.</summary>
    public static ReadOnlyMemory<byte> ReadUnique(SslStream stream)
    {
        // RFC 9266: tls-unique is not defined for TLS 1.3, yet OpenSSL still hands .NET that version's Finished
        // message; a binding that is not unique to the connection must not be offered at all.
        if (stream.SslProtocol != SslProtocols.Tls12)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        try
        {
            using ChannelBinding? binding = stream.TransportContext?.GetChannelBinding(ChannelBindingKind.Unique);
            if (binding is null || binding.IsInvalid || binding.Size <= HeaderLength)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            byte[] raw = new byte[binding.Size];
            Marshal.Copy(binding.DangerousGetHandle(), raw, 0, raw.Length);
            int length = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(ApplicationDataLengthOffset));
            int offset = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(ApplicationDataOffsetOffset));
            if (offset < HeaderLength || length <= 0 || offset + length > raw.Length)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            ReadOnlyMemory<byte> data = raw.AsMemory(offset, length);
            return data.Span.StartsWith(UniquePrefix) ? data[UniquePrefix.Length..] : data;
        }
        catch (NotSupportedException)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
    }
}
