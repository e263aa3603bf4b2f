using System.Threading.Channels;
using EdgeWamp.Protocol.Connections;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>A peer that records every message and the disconnect; tests write back through <see cref="Connection"/>.</summary>
internal sealed class RecordingPeer : IWampPeer
{
    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disconnectCount;
    private int _messagesAfterDisconnect;

    private readonly Action<RecordingPeer, byte[]>? _onReceive;

    public RecordingPeer(IWampConnection connection, Action<RecordingPeer, byte[]>? onReceive)
    {
        Connection = connection;
        _onReceive = onReceive;
    }

    public IWampConnection Connection { get; }

    public Task Disconnected => _disconnected.Task;

    public int DisconnectCount => Volatile.Read(ref _disconnectCount);

    /// <summary>Messages handed over after <see cref="OnDisconnected"/>: always a bug.</summary>
    public int MessagesAfterDisconnect => Volatile.Read(ref _messagesAfterDisconnect);

    public void Receive(ReadOnlySpan<byte> message)
    {
        if (DisconnectCount > 0)
        {
            Interlocked.Increment(ref _messagesAfterDisconnect);
        }

        byte[] copy = message.ToArray();
        _messages.Writer.TryWrite(copy);
        _onReceive?.Invoke(this, copy);
    }

    public void OnDisconnected()
    {
        Interlocked.Increment(ref _disconnectCount);
        _disconnected.TrySetResult();
    }

    public ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken) => _messages.Reader.ReadAsync(cancellationToken);

    public bool TryReceive(out byte[] message) => _messages.Reader.TryRead(out message!);
}
