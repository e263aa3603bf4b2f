using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// An in-memory transport connection: records every message the router writes, and can refuse writes the way a
/// real outbox does (<see cref="WriteResult.Full"/>, <see cref="WriteResult.TooLarge"/>, <see cref="WriteResult.Closed"/>).
/// </summary>
/// <remarks>
/// Like a real transport, once <see cref="Close"/> is called it accepts nothing more. It does not report the end
/// to the session by itself: a test (or <see cref="TestRouter"/> at the end) calls <c>OnDisconnected</c>, as the
/// transport's read loop would once the socket is gone.
/// </remarks>
internal sealed class TestConnection : IWampConnection
{
    private readonly List<byte[]> _written = [];

    public TestConnection(WampSerializer serializer, string description)
    {
        Serializer = serializer;
        Description = description;
    }

    public WampSerializer Serializer { get; }

    public string Description { get; }

    /// <summary>What the transport knows about the peer (address, TLS, cookie); set it before HELLO.</summary>
    /// <remarks>Defaults to <see cref="TransportInfo.None"/>.</remarks>
    public TransportInfo Transport { get; set; } = TransportInfo.None;

    /// <summary>Every message accepted, in order, as copies of the router's bytes.</summary>
    public IReadOnlyList<byte[]> Written => _written;

    /// <summary>What <see cref="TryWrite"/> answers; anything but <see cref="WriteResult.Written"/> refuses the message.</summary>
    /// <remarks>Defaults to <see cref="WriteResult.Written"/>.</remarks>
    public WriteResult Result { get; set; } = WriteResult.Written;

    /// <summary>The largest message the peer accepts; longer ones are refused with <see cref="WriteResult.TooLarge"/>.</summary>
    /// <remarks>Defaults to <see cref="int.MaxValue"/>.</remarks>
    public int MaxMessageSize { get; set; } = int.MaxValue;

    /// <summary>Messages refused, for whatever reason (including writes after <see cref="Close"/>).</summary>
    public int RefusedCount { get; private set; }

    public int CloseCount { get; private set; }

    public bool IsClosed => CloseCount > 0;

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        WriteResult result = IsClosed ? WriteResult.Closed
            : Result != WriteResult.Written ? Result
            : message.Length > MaxMessageSize ? WriteResult.TooLarge
            : WriteResult.Written;
        if (result == WriteResult.Written)
        {
            _written.Add(message.ToArray());
        }
        else
        {
            RefusedCount++;
        }

        return result;
    }

    public void Close() => CloseCount++;
}
