using EdgeWamp.Protocol.RawSocket;

namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// Cuts a serial byte stream into RawSocket handshakes and frames, one framing per implementation. Never throws on
/// line input; a result's <c>content</c> is valid until the next call.
/// </summary>
public interface ISerialFrameReader
{
    /// <summary>Part of a handshake, frame or packet is buffered: a pause in the middle of one means the device stopped.</summary>
    bool IsMidFrame { get; }

    /// <summary>Bytes skipped while looking for a handshake or packet: line noise, boot messages, a previous session's tail.</summary>
    long SkippedBytes { get; }

    /// <summary>
    /// Consumes <paramref name="input"/> up to the end of the next handshake or frame (or all of it) and says what
    /// it found: for a handshake <paramref name="content"/> holds its 4 octets, for a frame its payload.
    /// </summary>
    SerialFrameStatus Read(ref ReadOnlySpan<byte> input, out RawSocketFrameType type, out ReadOnlySpan<byte> content);

    /// <summary>Forgets any partial frame and skips everything until the next handshake (the session has ended).</summary>
    void AwaitHandshake();
}
